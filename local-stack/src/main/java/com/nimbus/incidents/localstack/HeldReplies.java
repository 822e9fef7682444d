package com.nimbus.incidents.localstack;

import java.util.ArrayDeque;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Holds a connection's answer to a write until the group commit covers it, without
 * holding the thread that wrote it: the server's event loop answers other connections
 * meanwhile ({@link GroupCommitter}). One per connection, first in its pipeline, so it
 * sees the encoded answers; answers leave in the order they were written (one that need
 * not wait, behind one that waits, waits with it), and a flush is held with them. All its
 * state belongs to the connection's event loop.
 */
final class HeldReplies extends ChannelDuplexHandler {

	private static final String NAME = "nimbus-held-replies";

	private final GroupCommitter committer;

	private final ArrayDeque<Held> held = new ArrayDeque<>();

	/** The ticket the next answer waits for; 0 when it need not wait. */
	private long next;

	private HeldReplies(GroupCommitter committer) {
		this.committer = committer;
	}

	/**
	 * Has the next answer written on this connection wait for the write with this ticket
	 * to be committed. Called on the connection's event loop, by the command that makes
	 * the answer.
	 * @return false when it cannot be held here (not on the connection's loop): the
	 * caller then waits itself
	 */
	static boolean holdNextAnswer(Channel channel, GroupCommitter committer, long ticket) {
		if (channel == null || !channel.eventLoop().inEventLoop() || !channel.isActive()) {
			return false;
		}
		HeldReplies replies = (HeldReplies) channel.pipeline().get(NAME);
		if (replies == null) {
			replies = new HeldReplies(committer);
			channel.pipeline().addFirst(NAME, replies);
		}
		replies.next = ticket;
		return true;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		long ticket = this.next;
		this.next = 0;
		if (this.held.isEmpty() && (ticket == 0 || this.committer.isCommitted(ticket))) {
			ctx.write(msg, promise);
			return;
		}
		this.held.add(new Held(msg, promise, ticket));
		if (ticket != 0) {
			this.committer.whenCommitted(ticket, () -> release(ctx));
		}
	}

	@Override
	public void flush(ChannelHandlerContext ctx) {
		if (this.held.isEmpty()) {
			ctx.flush();
		}
		// else the release flushes
	}

	private void release(ChannelHandlerContext ctx) {
		if (ctx.executor().inEventLoop()) {
			releaseCommitted(ctx);
		}
		else {
			ctx.executor().execute(() -> releaseCommitted(ctx));
		}
	}

	private void releaseCommitted(ChannelHandlerContext ctx) {
		boolean wrote = false;
		while (!this.held.isEmpty() && this.committer.isCommitted(this.held.peek().ticket())) {
			Held answer = this.held.poll();
			ctx.write(answer.msg(), answer.promise());
			wrote = true;
		}
		if (wrote) {
			ctx.flush();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		while (!this.held.isEmpty()) {
			Held answer = this.held.poll();
			ReferenceCountUtil.release(answer.msg());
			answer.promise().tryFailure(new java.nio.channels.ClosedChannelException());
		}
		super.channelInactive(ctx);
	}

	private record Held(Object msg, ChannelPromise promise, long ticket) {
	}

}
