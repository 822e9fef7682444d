package com.nimbus.incidents.notifier.channel;

/**
 * Where to send: the subscription's channel, target (URL or address) and, for WEBHOOK,
 * its secret.
 */
public record Destination(String subscriptionId, ChannelKind channel, String target, String secret) {
}
