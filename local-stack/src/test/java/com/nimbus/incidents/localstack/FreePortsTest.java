package com.nimbus.incidents.localstack;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

	@Test
	void portsAreBindableDistinctAndOutsideTheRangeOfOutgoingConnections() throws Exception {
		int[] ephemeral = FreePorts.ephemeralRange();
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			int port = FreePorts.next();
			assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
			assertThat(port).isGreaterThanOrEqualTo(FreePorts.LOWEST)
				.satisfiesAnyOf((p) -> assertThat(p).isLessThan(ephemeral[0]),
						(p) -> assertThat(p).isGreaterThan(ephemeral[1]));
		}
		int port = FreePorts.next();
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(port));
			assertThat(socket.getLocalPort()).isEqualTo(port);
		}
	}

	@Test
	void aPortSomethingListensOnIsNotBindable() throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			assertThat(FreePorts.bindable(taken.getLocalPort())).isFalse();
		}
	}

}
