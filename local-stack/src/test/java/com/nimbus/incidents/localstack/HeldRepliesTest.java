package com.nimbus.incidents.localstack;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write's answer leaves its connection only once the group commit covers the write,
 * without holding the thread that wrote it, and a connection's answers keep their order.
 * Real netty channels (embedded ones: the pipeline and event loop of a connection,
 * without a socket) and a commit that the test lets through one at a time.
 */
class HeldRepliesTest {

	/** Each commit takes a permit: the test decides when a commit ends. */
	private final Semaphore commitsAllowed = new Semaphore(0);

	private final CountDownLatch commitStarted = new CountDownLatch(1);

	private final GroupCommitter committer = new GroupCommitter(() -> {
		this.commitStarted.countDown();
		this.commitsAllowed.acquireUninterruptibly();
	});

	@AfterEach
	void stop() {
		this.commitsAllowed.release(100);
		this.committer.close();
	}

	@Test
	void anAnswerWaitsForTheCommitOfItsWriteAndOnlyItsOwnConnectionWaitsWithIt() throws Exception {
		EmbeddedChannel writer = new EmbeddedChannel();
		EmbeddedChannel other = new EmbeddedChannel();

		// the writer's insert is applied; its answer is written on the channel
		long ticket = this.committer.applied();
		assertThat(HeldReplies.holdNextAnswer(writer, this.committer, ticket)).isTrue();
		writer.writeAndFlush(answer("insert ok"));
		assertThat(this.commitStarted.await(5, TimeUnit.SECONDS)).isTrue();

		// another connection, on the same thread, is answered while the commit runs
		assertThat(HeldReplies.holdNextAnswer(other, this.committer, 0)).isTrue();
		other.writeAndFlush(answer("find ok"));
		assertThat(text(other.readOutbound())).isEqualTo("find ok");

		// the writer's answer and the one written after it on its connection wait
		writer.writeAndFlush(answer("hello ok"));
		writer.runPendingTasks();
		assertThat((Object) writer.readOutbound()).isNull();

		this.commitsAllowed.release();
		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
			writer.runPendingTasks();
			assertThat(this.committer.isCommitted(ticket)).isTrue();
			assertThat(text(writer.readOutbound())).isEqualTo("insert ok");
		});
		assertThat(text(writer.readOutbound())).isEqualTo("hello ok");
		assertThat((Object) writer.readOutbound()).isNull();
	}

	@Test
	void aWriteAppliedDuringACommitWaitsForTheNextOne() throws Exception {
		EmbeddedChannel first = new EmbeddedChannel();
		EmbeddedChannel second = new EmbeddedChannel();
		long firstTicket = this.committer.applied();
		HeldReplies.holdNextAnswer(first, this.committer, firstTicket);
		first.writeAndFlush(answer("first"));
		assertThat(this.commitStarted.await(5, TimeUnit.SECONDS)).isTrue();

		// applied while the first commit runs: that commit read the count before it
		long secondTicket = this.committer.applied();
		HeldReplies.holdNextAnswer(second, this.committer, secondTicket);
		second.writeAndFlush(answer("second"));

		this.commitsAllowed.release();
		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
			first.runPendingTasks();
			assertThat(text(first.readOutbound())).isEqualTo("first");
		});
		second.runPendingTasks();
		assertThat((Object) second.readOutbound()).isNull();
		assertThat(this.committer.isCommitted(secondTicket)).isFalse();

		this.commitsAllowed.release();
		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
			second.runPendingTasks();
			assertThat(text(second.readOutbound())).isEqualTo("second");
		});
		assertThat(this.committer.commits()).isEqualTo(2);
	}

	@Test
	void aWaitingCallerOffItsConnectionsThreadIsReturnedToOnceCommitted() throws Exception {
		long ticket = this.committer.applied();
		Thread waiter = new Thread(() -> this.committer.awaitCommitted(ticket));
		waiter.start();
		assertThat(this.commitStarted.await(5, TimeUnit.SECONDS)).isTrue();
		waiter.join(200);
		assertThat(waiter.isAlive()).isTrue();
		this.commitsAllowed.release();
		waiter.join(5000);
		assertThat(waiter.isAlive()).isFalse();
		assertThat(this.committer.isCommitted(ticket)).isTrue();
	}

	private static ByteBuf answer(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
	}

	private static String text(Object message) {
		assertThat(message).isInstanceOf(ByteBuf.class);
		ByteBuf buffer = (ByteBuf) message;
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			buffer.release();
		}
	}

}
