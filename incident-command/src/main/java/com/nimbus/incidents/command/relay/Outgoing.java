package com.nimbus.incidents.command.relay;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One stored event in its published form.
 */
record Outgoing(long sequence, String eventId, ProducerRecord<String, byte[]> record) {

	long bytes() {
		return this.record.value().length + ((this.record.key() != null) ? this.record.key().length() : 0) + 64L;
	}

}
