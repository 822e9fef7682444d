package com.nimbus.incidents.notifier.channel;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a cap, then cancels the rest: a receiver that answers with
 * gigabytes is neither read nor buffered (cancelling closes the connection). The body is
 * the text read, decoded leniently, for the delivery's error message.
 */
final class CappedBody implements BodySubscriber<String> {

	private final int cap;

	private final ByteArrayOutputStream read = new ByteArrayOutputStream();

	private final CompletableFuture<String> body = new CompletableFuture<>();

	private volatile Flow.Subscription subscription;

	private volatile boolean cancelled;

	CappedBody(int cap) {
		this.cap = cap;
	}

	@Override
	public CompletionStage<String> getBody() {
		return this.body;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.cancelled) {
			subscription.cancel();
			return;
		}
		subscription.request(1);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		synchronized (this.read) {
			for (ByteBuffer buffer : buffers) {
				int take = Math.min(buffer.remaining(), this.cap - this.read.size());
				byte[] bytes = new byte[take];
				buffer.get(bytes);
				this.read.write(bytes, 0, take);
			}
			if (this.read.size() >= this.cap) {
				cancel();
				this.body.complete(text());
				return;
			}
		}
		this.subscription.request(1);
	}

	@Override
	public void onError(Throwable throwable) {
		synchronized (this.read) {
			this.body.completeExceptionally(throwable);
		}
	}

	@Override
	public void onComplete() {
		synchronized (this.read) {
			this.body.complete(text());
		}
	}

	/**
	 * Stops reading: at the cap, or when the attempt's deadline has passed.
	 */
	void cancel() {
		this.cancelled = true;
		Flow.Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

	int bytesRead() {
		synchronized (this.read) {
			return this.read.size();
		}
	}

	private String text() {
		return this.read.toString(StandardCharsets.UTF_8);
	}

}
