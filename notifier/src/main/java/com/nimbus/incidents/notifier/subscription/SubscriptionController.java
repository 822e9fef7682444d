package com.nimbus.incidents.notifier.subscription;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome;
import com.nimbus.incidents.notifier.delivery.AttemptLog;
import com.nimbus.incidents.notifier.delivery.DeliveryEngine;
import com.nimbus.incidents.notifier.delivery.LaneStore;
import com.nimbus.incidents.notifier.delivery.PendingDelivery;
import com.nimbus.incidents.support.security.ApiSecurity;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The subscription API of notifications.md. A subscription belongs to its creator (the
 * token's subject); anyone else gets 404 for it, except ADMIN.
 */
@RestController
@RequestMapping("/api/subscriptions")
class SubscriptionController {

	private static final Set<String> STATUSES = Set.of("DELIVERED", "RETRY", "REJECTED", "GONE", "DEAD_LETTER");

	private static final Duration TEST_PATIENCE = Duration.ofSeconds(30);

	private final Subscriptions subscriptions;

	private final DeliveryEngine engine;

	private final LaneStore lanes;

	private final AttemptLog attempts;

	SubscriptionController(Subscriptions subscriptions, DeliveryEngine engine, LaneStore lanes, AttemptLog attempts) {
		this.subscriptions = subscriptions;
		this.engine = engine;
		this.lanes = lanes;
		this.attempts = attempts;
	}

	@PostMapping
	ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body, Authentication caller) {
		Subscription created = this.subscriptions.create(caller(caller), SubscriptionRequests.create(body));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("subscriptionId", created.id());
		if (created.secret() != null) {
			answer.put("secret", created.secret());
		}
		return ResponseEntity.created(URI.create("/api/subscriptions/" + created.id())).body(answer);
	}

	@GetMapping
	List<SubscriptionView> list(Authentication caller) {
		return this.subscriptions.list(caller(caller)).stream().map(SubscriptionView::of).toList();
	}

	@GetMapping("/{id}")
	SubscriptionView get(@PathVariable String id, Authentication caller) {
		Subscription subscription = this.subscriptions.get(caller(caller), id);
		return SubscriptionView.of(subscription, this.lanes.lanesOf(id));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, Authentication caller) {
		this.subscriptions.delete(caller(caller), id);
		this.engine.forget(id);
		this.lanes.deleteLanesOf(id);
		this.attempts.delete(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/deliveries")
	Map<String, Object> deliveries(@PathVariable String id, @RequestParam(required = false) String status,
			Authentication caller) {
		if (status != null && !STATUSES.contains(status)) {
			throw InvalidSubscription.malformed("status",
					"status must be one of " + STATUSES.stream().sorted().toList() + ", not '" + status + "'");
		}
		this.subscriptions.get(caller(caller), id);
		return Map.of("subscriptionId", id, "deliveries", this.attempts.recent(id, status));
	}

	@PostMapping("/{id}/replay")
	ResponseEntity<Map<String, Object>> replay(@PathVariable String id, @RequestBody JsonNode body,
			Authentication caller) {
		Instant from = SubscriptionRequests.replayFrom(body);
		this.subscriptions.get(caller(caller), id);
		List<PendingDelivery> replays = this.lanes.matchedSince(id, from)
			.stream()
			.map((event) -> new PendingDelivery(id, event, true))
			.toList();
		this.lanes.recordReplays(replays);
		this.engine.enqueue(replays);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("subscriptionId", id, "from", from.toString(), "events", replays.size()));
	}

	@PostMapping("/{id}/test")
	DeliveryOutcome test(@PathVariable String id, Authentication caller) throws Exception {
		Subscription subscription = this.subscriptions.get(caller(caller), id);
		return this.engine.test(subscription.destination()).get(TEST_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
	}

	@PostMapping("/{id}/pause")
	SubscriptionView pause(@PathVariable String id, Authentication caller) {
		return SubscriptionView.of(this.subscriptions.pause(caller(caller), id, true));
	}

	@PostMapping("/{id}/resume")
	SubscriptionView resume(@PathVariable String id, Authentication caller) {
		SubscriptionView resumed = SubscriptionView.of(this.subscriptions.pause(caller(caller), id, false));
		this.engine.wake(id);
		return resumed;
	}

	private static Caller caller(Authentication authentication) {
		return new Caller(authentication.getName(), ApiSecurity.roles(authentication).contains("ADMIN"));
	}

}
