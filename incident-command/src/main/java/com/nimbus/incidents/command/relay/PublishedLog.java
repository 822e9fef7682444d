package com.nimbus.incidents.command.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What this service knows to be on the event topics: for each aggregate seen, the highest
 * sequence published and its event id. A consumer of its own (no group, every partition
 * of both topics) reads the records published since a given time, then follows the
 * topics.
 * <p>
 * Two promises rest on it: the relay does not send again what a process that died had
 * already delivered (it waits until this log has caught up, then skips what it shows),
 * and the {@link DivergenceGuard} finds a sequence on the topic that the event store has
 * lost. Its reads cost the records published since that time, never the whole log; its
 * memory is capped in bytes ({@code relay.published-log-bytes}): past the cap the
 * aggregates seen least recently are forgotten, which only narrows what the guard can
 * see.
 */
class PublishedLog implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PublishedLog.class);

	/** Per entry: the map's node, the key's characters, the mark and its event id. */
	private static final long ENTRY_OVERHEAD = 160;

	/**
	 * The last sequence of an aggregate seen on the topic.
	 */
	record Mark(long sequence, String eventId) {
	}

	private final KafkaProperties kafka;

	private final JsonMapper json;

	private final long maxBytes;

	private final LinkedHashMap<String, Mark> marks = new LinkedHashMap<>(1024, 0.75f, true);

	private final Map<String, Mark> changed = new HashMap<>();

	private final ConcurrentLinkedQueue<CompletableFuture<Void>> catchUps = new ConcurrentLinkedQueue<>();

	private long bytes;

	private volatile boolean running;

	private volatile boolean caughtUpOnce;

	private volatile KafkaConsumer<String, byte[]> consumer;

	private Thread worker;

	PublishedLog(KafkaProperties kafka, JsonMapper json, long maxBytes) {
		this.kafka = kafka;
		this.json = json;
		this.maxBytes = maxBytes;
	}

	/**
	 * Starts following the topics from the records published at {@code since}.
	 */
	void start(Instant since) {
		this.running = true;
		this.worker = new Thread(() -> follow(since), "published-log");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	/**
	 * Waits until every record published before this call has been read.
	 * @return false when that did not happen in time (Kafka away)
	 */
	boolean awaitCaughtUp(Duration timeout) {
		CompletableFuture<Void> request = new CompletableFuture<>();
		this.catchUps.add(request);
		try {
			request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException | ExecutionException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	boolean caughtUpOnce() {
		return this.caughtUpOnce;
	}

	/**
	 * The highest sequence of the aggregate seen on the topic, or -1.
	 */
	synchronized long published(String aggregateId) {
		Mark mark = this.marks.get(aggregateId);
		return (mark != null) ? mark.sequence() : -1;
	}

	/**
	 * The last sequence of the aggregate seen on the topic and its event id, or
	 * {@code null}.
	 */
	synchronized Mark mark(String aggregateId) {
		return this.marks.get(aggregateId);
	}

	/**
	 * The marks that moved since the last call.
	 */
	synchronized Map<String, Mark> drainChanged() {
		Map<String, Mark> drained = new HashMap<>(this.changed);
		this.changed.clear();
		return drained;
	}

	synchronized int size() {
		return this.marks.size();
	}

	synchronized void see(String aggregateId, long sequence, String eventId) {
		Mark current = this.marks.get(aggregateId);
		if (current != null && current.sequence() >= sequence) {
			return;
		}
		Mark mark = new Mark(sequence, eventId);
		if (current == null) {
			this.bytes += ENTRY_OVERHEAD + 2L * aggregateId.length();
		}
		this.marks.put(aggregateId, mark);
		this.changed.put(aggregateId, mark);
		Iterator<Map.Entry<String, Mark>> eldest = this.marks.entrySet().iterator();
		while (this.bytes > this.maxBytes && eldest.hasNext()) {
			String forgotten = eldest.next().getKey();
			eldest.remove();
			this.changed.remove(forgotten);
			this.bytes -= ENTRY_OVERHEAD + 2L * forgotten.length();
		}
	}

	private void follow(Instant since) {
		while (this.running) {
			try (KafkaConsumer<String, byte[]> tail = new KafkaConsumer<>(config())) {
				this.consumer = tail;
				List<TopicPartition> partitions = partitions(tail);
				tail.assign(partitions);
				seek(tail, partitions, since);
				Map<TopicPartition, Long> target = null;
				List<CompletableFuture<Void>> waiting = new ArrayList<>();
				while (this.running) {
					if (target == null && !this.catchUps.isEmpty()) {
						for (CompletableFuture<Void> request; (request = this.catchUps.poll()) != null;) {
							waiting.add(request);
						}
						target = tail.endOffsets(partitions);
					}
					for (ConsumerRecord<String, byte[]> record : tail.poll(Duration.ofMillis(100))) {
						read(record);
					}
					if (target != null && reached(tail, target)) {
						this.caughtUpOnce = true;
						waiting.forEach((request) -> request.complete(null));
						waiting.clear();
						target = null;
					}
				}
			}
			catch (WakeupException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Reading the published events failed, trying again: {}", ex.toString());
				pause();
			}
			finally {
				this.consumer = null;
			}
		}
	}

	private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> tail) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : List.of(this.kafka.topic(), this.kafka.contractTopic())) {
			List<PartitionInfo> infos = tail.partitionsFor(topic, Duration.ofSeconds(10));
			if (infos == null || infos.isEmpty()) {
				throw new IllegalStateException("topic " + topic + " does not exist yet");
			}
			infos.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
		}
		return partitions;
	}

	private static void seek(KafkaConsumer<String, byte[]> tail, List<TopicPartition> partitions, Instant since) {
		Map<TopicPartition, Long> at = new HashMap<>();
		partitions.forEach((partition) -> at.put(partition, since.toEpochMilli()));
		Map<TopicPartition, OffsetAndTimestamp> found = tail.offsetsForTimes(at, Duration.ofSeconds(10));
		Map<TopicPartition, Long> ends = tail.endOffsets(partitions, Duration.ofSeconds(10));
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp offset = found.get(partition);
			tail.seek(partition, (offset != null) ? offset.offset() : ends.get(partition));
		}
	}

	private static boolean reached(KafkaConsumer<String, byte[]> tail, Map<TopicPartition, Long> target) {
		for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
			if (tail.position(end.getKey(), Duration.ofSeconds(5)) < end.getValue()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Reads aggregate, sequence and event id from the record's headers, or from the
	 * envelope for records published before the headers existed.
	 */
	private void read(ConsumerRecord<String, byte[]> record) {
		String aggregateId = header(record, EnvelopeEncoder.AGGREGATE_HEADER);
		String sequence = header(record, EnvelopeEncoder.SEQUENCE_HEADER);
		String eventId = header(record, EnvelopeEncoder.EVENT_ID_HEADER);
		try {
			if (aggregateId == null || sequence == null || eventId == null) {
				JsonNode envelope = this.json.readTree(record.value());
				aggregateId = record.topic().equals(this.kafka.contractTopic())
						? EnvelopeEncoder.contractAggregateId(envelope.get("customerId").asString())
						: envelope.get("incidentId").asString();
				sequence = envelope.get("sequence").asString();
				eventId = envelope.get("eventId").asString();
			}
			see(aggregateId, Long.parseLong(sequence), eventId);
		}
		catch (RuntimeException ex) {
			log.warn("A record at {}-{}@{} is not an event envelope; ignored here: {}", record.topic(),
					record.partition(), record.offset(), ex.toString());
		}
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private Map<String, Object> config() {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "incident-command-published-log");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return config;
	}

	private void pause() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public void close() {
		this.running = false;
		KafkaConsumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		if (this.worker != null) {
			try {
				this.worker.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
