package com.nimbus.incidents.notifier.subscription;

import com.nimbus.incidents.notifier.channel.ChannelKind;

/**
 * A checked {@code POST /api/subscriptions} body.
 */
record NewSubscription(ChannelKind channel, String target, Filter filter, String name) {

}
