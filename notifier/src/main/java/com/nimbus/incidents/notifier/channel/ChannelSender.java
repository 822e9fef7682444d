package com.nimbus.incidents.notifier.channel;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one notification; never blocks the caller's thread on the receiver; the future
 * always completes (with an outcome, never exceptionally) within the channel's time
 * limit.
 */
public interface ChannelSender {

	ChannelKind channel();

	CompletableFuture<DeliveryOutcome> send(OutgoingNotification notification, Destination destination);

}
