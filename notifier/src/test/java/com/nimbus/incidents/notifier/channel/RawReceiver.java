package com.nimbus.incidents.notifier.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;

/**
 * A misbehaving receiver on a plain server socket: each connection is handed to a
 * behaviour (hang, trickle, answer forever) on its own thread.
 */
final class RawReceiver implements AutoCloseable {

	@FunctionalInterface
	interface Behaviour {

		void serve(Socket socket) throws IOException, InterruptedException;

	}

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	RawReceiver(Behaviour behaviour) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					this.sockets.add(socket);
					this.threads.execute(() -> {
						try (socket) {
							behaviour.serve(socket);
						}
						catch (IOException | InterruptedException ex) {
							// the client went away: what the behaviour waits for
						}
					});
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + "/hook";
	}

	int connections() {
		return this.sockets.size();
	}

	/** Reads the request head (up to the blank line) so the client has sent it. */
	static String readHead(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		int b;
		while ((b = in.read()) >= 0) {
			head.append((char) b);
			if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
				break;
			}
		}
		return head.toString();
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.threads.shutdownNow();
	}

}
