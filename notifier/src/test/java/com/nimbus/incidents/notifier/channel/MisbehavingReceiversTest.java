package com.nimbus.incidents.notifier.channel;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;
import com.nimbus.incidents.notifier.channel.HttpReceiver.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receivers that hang, redirect, trickle or answer forever, on real sockets: the attempt
 * ends by its deadline, follows no redirect, reads no more than the cap, and the caller's
 * thread never waits.
 */
class MisbehavingReceiversTest {

	private static final Duration DEADLINE = Duration.ofMillis(1500);

	private static final byte[] BODY = RawReceiver.ascii("{\"eventId\":\"e-1\"}");

	private final HttpDelivery http = new HttpDelivery(new UrlTargetPolicy(true), Duration.ofSeconds(1), DEADLINE,
			8192);

	@AfterEach
	void close() {
		this.http.close();
	}

	@Test
	void aReceiverThatNeverAnswersIsRetriedAtTheDeadlineAndTheCallerNeverWaits() throws Exception {
		CountDownLatch requestRead = new CountDownLatch(1);
		try (RawReceiver hanging = new RawReceiver((socket) -> {
			RawReceiver.readHead(socket);
			requestRead.countDown();
			Thread.sleep(60_000);
		})) {
			this.http.post(hanging.url(), BODY, Map.of()); // warms the JVM up; not
															// measured
			long before = System.nanoTime();
			CompletableFuture<DeliveryOutcome> future = this.http.post(hanging.url(), BODY, Map.of());
			long callMillis = (System.nanoTime() - before) / 1_000_000;

			assertThat(callMillis).as("send() returned after %d ms", callMillis).isLessThan(50);
			assertThat(future).isNotDone();
			DeliveryOutcome outcome = future.get(5, TimeUnit.SECONDS);
			long totalMillis = (System.nanoTime() - before) / 1_000_000;
			assertThat(requestRead.await(0, TimeUnit.SECONDS)).as("the receiver read the request").isTrue();
			assertThat(outcome.result()).isEqualTo(Result.RETRY);
			assertThat(outcome.statusCode()).isZero();
			assertThat(outcome.error()).isEqualTo("timed out after 1500 ms");
			assertThat(totalMillis).isBetween(1400L, 3000L);
		}
	}

	@Test
	void aRedirectToAnotherHostIsNotFollowed() throws Exception {
		try (HttpReceiver elsewhere = new HttpReceiver((request) -> Answer.of(200, "thanks"));
				HttpReceiver redirecting = new HttpReceiver((request) -> {
					Answer answer = Answer.of(302, "");
					answer.headers().add("Location", elsewhere.url("/stolen").replace("127.0.0.1", "localhost"));
					return answer;
				})) {
			DeliveryOutcome outcome = this.http.post(redirecting.url("/hook"), BODY, Map.of()).get(5, TimeUnit.SECONDS);

			assertThat(outcome.result()).isEqualTo(Result.RETRY);
			assertThat(outcome.statusCode()).isEqualTo(302);
			assertThat(outcome.error()).isEqualTo("redirect refused (HTTP 302)");
			assertThat(redirecting.received()).hasSize(1);
			assertThat(elsewhere.received()).isEmpty();
		}
	}

	@Test
	void aReceiverAnsweringOneBytePerSecondIsCutOffAtTheDeadline() throws Exception {
		AtomicLong clientGoneAfterMillis = new AtomicLong(-1);
		CountDownLatch clientGone = new CountDownLatch(1);
		long started = System.nanoTime();
		try (RawReceiver trickling = new RawReceiver((socket) -> {
			RawReceiver.readHead(socket);
			OutputStream out = socket.getOutputStream();
			byte[] answer = RawReceiver.ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			try {
				for (byte b : answer) {
					out.write(b);
					out.flush();
					Thread.sleep(1000);
				}
			}
			catch (IOException ex) {
				clientGoneAfterMillis.set((System.nanoTime() - started) / 1_000_000);
				clientGone.countDown();
				throw ex;
			}
		})) {
			DeliveryOutcome outcome = this.http.post(trickling.url(), BODY, Map.of()).get(5, TimeUnit.SECONDS);
			long tookMillis = (System.nanoTime() - started) / 1_000_000;

			assertThat(outcome.result()).isEqualTo(Result.RETRY);
			assertThat(outcome.error()).isEqualTo("timed out after 1500 ms");
			assertThat(tookMillis).isBetween(1400L, 3000L);
			// the exchange was cancelled: the receiver's writes fail soon after the
			// deadline
			assertThat(clientGone.await(10, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
			assertThat(clientGoneAfterMillis.get()).isLessThan(8000L);
		}
	}

	@Test
	void anEndlessBodyIsReadOnlyUpToTheCapAndTheConnectionDropped() throws Exception {
		AtomicLong written = new AtomicLong();
		CountDownLatch stopped = new CountDownLatch(1);
		try (RawReceiver endless = new RawReceiver((socket) -> {
			RawReceiver.readHead(socket);
			OutputStream out = socket.getOutputStream();
			out.write(RawReceiver
				.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5368709120\r\n\r\n"));
			byte[] chunk = new byte[64 * 1024];
			java.util.Arrays.fill(chunk, (byte) 'x');
			try {
				while (true) {
					out.write(chunk);
					written.addAndGet(chunk.length);
				}
			}
			finally {
				stopped.countDown();
			}
		})) {
			long started = System.nanoTime();
			DeliveryOutcome outcome = this.http.post(endless.url(), BODY, Map.of()).get(5, TimeUnit.SECONDS);
			long tookMillis = (System.nanoTime() - started) / 1_000_000;

			assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
			assertThat(outcome.statusCode()).isEqualTo(200);
			assertThat(tookMillis).as("answered in %d ms", tookMillis).isLessThan(DEADLINE.toMillis());
			assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the receiver's writes were cut off").isTrue();
			// what socket buffers hold at most, far from 5 GB
			assertThat(written.get()).isLessThan(64L * 1024 * 1024);
		}
	}

	@Test
	void anEndlessChunkedBodyIsCutOffAtTheCapToo() throws Exception {
		AtomicLong written = new AtomicLong();
		CountDownLatch stopped = new CountDownLatch(1);
		try (RawReceiver endless = new RawReceiver((socket) -> {
			RawReceiver.readHead(socket);
			OutputStream out = socket.getOutputStream();
			out.write(RawReceiver.ascii("HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"));
			byte[] chunk = RawReceiver.ascii("4000\r\n" + "z".repeat(0x4000) + "\r\n");
			try {
				while (true) {
					out.write(chunk);
					written.addAndGet(chunk.length);
				}
			}
			finally {
				stopped.countDown();
			}
		})) {
			long started = System.nanoTime();
			DeliveryOutcome outcome = this.http.post(endless.url(), BODY, Map.of()).get(5, TimeUnit.SECONDS);
			long tookMillis = (System.nanoTime() - started) / 1_000_000;

			assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
			assertThat(outcome.statusCode()).isEqualTo(202);
			assertThat(tookMillis).as("answered in %d ms", tookMillis).isLessThan(DEADLINE.toMillis());
			assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the receiver's writes were cut off").isTrue();
			assertThat(written.get()).isLessThan(64L * 1024 * 1024);
		}
	}

	@Test
	void aStatusThatCameBeforeATricklingBodyDecidesAtTheDeadline() throws Exception {
		try (RawReceiver trickling = new RawReceiver((socket) -> {
			RawReceiver.readHead(socket);
			OutputStream out = socket.getOutputStream();
			out.write(RawReceiver.ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"));
			out.flush();
			for (int i = 0; i < 100; i++) {
				out.write('.');
				out.flush();
				Thread.sleep(1000);
			}
		})) {
			DeliveryOutcome outcome = this.http.post(trickling.url(), BODY, Map.of()).get(5, TimeUnit.SECONDS);

			assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
			assertThat(outcome.statusCode()).isEqualTo(200);
			assertThat(outcome.latencyMillis()).isBetween(1400L, 3000L);
			assertThat(outcome.error()).matches("response body timed out after 1500 ms \\([12] bytes read\\)");
		}
	}

	@Test
	void aReceiverThatHangsDelaysNoOtherDelivery() throws Exception {
		try (RawReceiver hanging = new RawReceiver((socket) -> {
			RawReceiver.readHead(socket);
			Thread.sleep(60_000);
		}); HttpReceiver fast = new HttpReceiver((request) -> Answer.of(204, ""))) {
			java.util.List<CompletableFuture<DeliveryOutcome>> stuck = new java.util.ArrayList<>();
			for (int i = 0; i < 20; i++) {
				stuck.add(this.http.post(hanging.url(), BODY, Map.of()));
			}
			long started = System.nanoTime();
			java.util.List<CompletableFuture<DeliveryOutcome>> quick = new java.util.ArrayList<>();
			for (int i = 0; i < 50; i++) {
				quick.add(this.http.post(fast.url("/hook"), BODY, Map.of()));
			}
			CompletableFuture.allOf(quick.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
			long quickMillis = (System.nanoTime() - started) / 1_000_000;

			assertThat(quick).allSatisfy((future) -> assertThat(future.join().result()).isEqualTo(Result.DELIVERED));
			assertThat(quickMillis).as("50 deliveries beside 20 hanging ones took %d ms", quickMillis)
				.isLessThan(DEADLINE.toMillis());
			assertThat(stuck).allSatisfy((future) -> assertThat(future).isNotDone());
			assertThat(fast.received()).hasSize(50);
		}
	}

	@Test
	void theErrorCarriesAtMostTheCapOfABadAnswer() throws Exception {
		try (HttpReceiver receiver = new HttpReceiver((request) -> Answer.of(503, "y".repeat(100_000)))) {
			DeliveryOutcome outcome = this.http.post(receiver.url("/"), BODY, Map.of()).get(5, TimeUnit.SECONDS);
			assertThat(outcome.result()).isEqualTo(Result.RETRY);
			assertThat(outcome.statusCode()).isEqualTo(503);
			assertThat(outcome.error()).isEqualTo("HTTP 503: " + "y".repeat(200) + "…");
		}
	}

}
