package com.nimbus.incidents.notifier.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The delivery engine's settings ({@code notifier.delivery.*}).
 *
 * @param maxInFlightPerSubscription sends under way at once per subscription
 * @param firstRetry ceiling of the wait before the first retry
 * @param maxRetryInterval ceiling of every later wait
 * @param giveUpAfter how long a delivery is retried before it is dead-lettered
 * @param attemptsKept recent attempts kept per subscription (and as many dead letters)
 */
@ConfigurationProperties("notifier.delivery")
public record DeliveryProperties(@DefaultValue("4") int maxInFlightPerSubscription,
		@DefaultValue("1s") Duration firstRetry, @DefaultValue("10m") Duration maxRetryInterval,
		@DefaultValue("24h") Duration giveUpAfter, @DefaultValue("50") int attemptsKept) {

}
