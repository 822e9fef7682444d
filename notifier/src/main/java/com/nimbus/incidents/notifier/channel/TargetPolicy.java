package com.nimbus.incidents.notifier.channel;

import java.util.Optional;

/**
 * Checks a subscription's target for its channel: returns the reason it is refused, or
 * empty.
 */
public interface TargetPolicy {

	Optional<String> refusal(ChannelKind channel, String target);

}
