package com.nimbus.incidents.support.kafka;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Against a real broker: what a loop busy with a poll is given next. A plain poll gives
 * the record that answered the fetch sent as the last poll returned (the first written
 * while the loop was busy) and leaves those written after it for one more turn; a fresh
 * poll after a busy turn gives them all.
 */
class FreshPollIT {

	private final String bootstrap = TestInfrastructure.kafka().bootstrapServers();

	private final String topic = "fresh-poll-" + UUID.randomUUID();

	private KafkaProducer<String, String> producer;

	@BeforeEach
	void topicAndProducer() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap))) {
			admin.createTopics(List.of(new NewTopic(this.topic, 1, (short) 1))).all().get();
		}
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap),
				new StringSerializer(), new StringSerializer());
	}

	@AfterEach
	void close() {
		this.producer.close();
	}

	@Test
	void afterABusyTurnEverythingWrittenMeanwhileIsTakenAtOnce() throws Exception {
		try (KafkaConsumer<String, String> consumer = consumer()) {
			FreshPoll<String, String> fresh = new FreshPoll<>(consumer);
			assertThat(values(firstRecords(fresh::poll))).containsExactly("a");

			busyTurnWhileWriting("b", "c", "d");
			fresh.turnDone();

			assertThat(values(fresh.poll(Duration.ofSeconds(2)))).containsExactly("b", "c", "d");
		}
	}

	@Test
	void aPlainPollLeavesWhatCameAfterTheFirstRecordForAnotherTurn() throws Exception {
		try (KafkaConsumer<String, String> consumer = consumer()) {
			assertThat(values(firstRecords((timeout) -> plain(consumer, timeout)))).containsExactly("a");

			busyTurnWhileWriting("b", "c", "d");

			assertThat(values(plain(consumer, Duration.ofSeconds(2)))).containsExactly("b");
			assertThat(values(plain(consumer, Duration.ofSeconds(2)))).containsExactly("c", "d");
		}
	}

	@Test
	void afterAShortTurnNothingWaitsForASecondFetch() throws Exception {
		try (KafkaConsumer<String, String> consumer = consumer()) {
			FreshPoll<String, String> fresh = new FreshPoll<>(consumer);
			assertThat(values(firstRecords(fresh::poll))).containsExactly("a");
			fresh.turnDone();

			busyTurnWhileWriting("b", "c", "d");

			// the turn took a moment, as the loop saw it: nothing piled up behind it
			assertThat(values(fresh.poll(Duration.ofSeconds(2)))).containsExactly("b");
		}
	}

	@Test
	void aSecondPollThatThrowsGivesTheFirstPollsRecordsBackToTheNextPoll() throws Exception {
		try (KafkaConsumer<String, String> consumer = consumer()) {
			AtomicInteger polls = new AtomicInteger(Integer.MIN_VALUE);
			FreshPoll<String, String> fresh = new FreshPoll<>(wakingUpBeforePoll(consumer, polls, 3));
			assertThat(values(firstRecords(fresh::poll))).containsExactly("a");
			busyTurnWhileWriting("b", "c", "d");
			fresh.turnDone();
			polls.set(1);

			// the first poll of the turn returns [b]; the wakeup ends the second one
			assertThatExceptionOfType(WakeupException.class).isThrownBy(() -> fresh.poll(Duration.ofSeconds(2)));

			assertThat(values(fresh.poll(Duration.ofSeconds(2)))).containsExactly("b", "c", "d");
		}
	}

	@Test
	void theSecondWaitIsAQuarterOfTheTurnWithinBounds() {
		assertThat(FreshPoll.secondWait(Duration.ofMillis(20).toNanos())).isEqualTo(FreshPoll.MIN_WAIT);
		assertThat(FreshPoll.secondWait(Duration.ofMillis(200).toNanos())).isEqualTo(Duration.ofMillis(50));
		assertThat(FreshPoll.secondWait(Duration.ofSeconds(3).toNanos())).isEqualTo(FreshPoll.MAX_WAIT);
	}

	/**
	 * Writes "a" and polls until it is there; the poll that returns it sends the next
	 * fetch.
	 */
	private List<ConsumerRecord<String, String>> firstRecords(
			java.util.function.Function<Duration, List<ConsumerRecord<String, String>>> poll) throws Exception {
		this.producer.send(new ProducerRecord<>(this.topic, "k", "a")).get();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			List<ConsumerRecord<String, String>> records = poll.apply(Duration.ofMillis(200));
			if (!records.isEmpty()) {
				return records;
			}
		}
		throw new AssertionError("the first record never came");
	}

	/**
	 * The loop's turn on the first poll, 600 ms, while the first value is written after
	 * 100 ms and the others after 300 ms.
	 */
	private void busyTurnWhileWriting(String first, String... later) throws Exception {
		Thread.sleep(100);
		this.producer.send(new ProducerRecord<>(this.topic, "k", first)).get();
		Thread.sleep(200);
		for (String value : later) {
			this.producer.send(new ProducerRecord<>(this.topic, "k", value)).get();
		}
		Thread.sleep(300);
	}

	/**
	 * The consumer, woken up (as a stopping loop does) just before its {@code n}th poll
	 * counted in {@code polls}.
	 */
	@SuppressWarnings("unchecked")
	private static Consumer<String, String> wakingUpBeforePoll(KafkaConsumer<String, String> consumer,
			AtomicInteger polls, int n) {
		return (Consumer<String, String>) Proxy.newProxyInstance(FreshPollIT.class.getClassLoader(),
				new Class<?>[] { Consumer.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("poll") && polls.incrementAndGet() == n) {
						consumer.wakeup();
					}
					try {
						return method.invoke(consumer, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static List<ConsumerRecord<String, String>> plain(KafkaConsumer<String, String> consumer,
			Duration timeout) {
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		consumer.poll(timeout).forEach(records::add);
		return records;
	}

	private static List<String> values(List<ConsumerRecord<String, String>> records) {
		return records.stream().map(ConsumerRecord::value).toList();
	}

	private KafkaConsumer<String, String> consumer() {
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
						"fresh-poll-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new StringDeserializer());
		consumer.subscribe(List.of(this.topic));
		return consumer;
	}

}
