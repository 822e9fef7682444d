package com.nimbus.incidents.readmodel;

import java.util.List;

import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.IncidentState;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codecs write exactly what Spring Data's converter (as Spring Boot configures it)
 * wrote for the folded state and the event payloads before them, and each reads what the
 * other wrote: read models stored by earlier versions need no rebuild, and readers that
 * still convert (the status page, impact and SLA views) read what the codecs write.
 */
class ConverterCompatibilityTest {

	private static final JsonWriterSettings EXTENDED = JsonWriterSettings.builder()
		.outputMode(JsonMode.EXTENDED)
		.build();

	private final MappingMongoConverter converter = converter();

	@Test
	void theStateIsStoredAsTheConverterStoredIt() {
		for (IncidentState state : List.of(Samples.state(), IncidentState.initial("INC-0"))) {
			Document converted = write(state);

			assertThat(IncidentStateCodec.encode(state).toJson(EXTENDED)).isEqualTo(converted.toJson(EXTENDED));
			assertThat(IncidentStateCodec.decode(converted)).isEqualTo(state);
			assertThat(this.converter.read(IncidentState.class, IncidentStateCodec.encode(state))).isEqualTo(state);
		}
	}

	@Test
	void everyPayloadIsStoredAsTheConverterStoredIt() {
		for (IncidentEvent payload : Samples.payloads()) {
			Document converted = write(payload);
			String type = com.nimbus.incidents.events.EventTypes.of(payload.getClass()).name();

			assertThat(IncidentPayloadCodec.encode(payload).toJson(EXTENDED)).as(type)
				.isEqualTo(converted.toJson(EXTENDED));
			assertThat(IncidentPayloadCodec.decode(type, converted)).isEqualTo(payload);
			assertThat(this.converter.read(payload.getClass(), IncidentPayloadCodec.encode(payload)))
				.isEqualTo(payload);
		}
	}

	private Document write(Object value) {
		Document document = new Document();
		this.converter.write(value, document);
		document.remove("_class");
		return document;
	}

	/**
	 * The converter of a {@code MongoTemplate} with Spring Boot's defaults: no custom
	 * conversions, {@code BigDecimal}s left to the driver ({@code Decimal128}).
	 */
	private static MappingMongoConverter converter() {
		MongoCustomConversions conversions = new MongoCustomConversions(List.of());
		MongoMappingContext context = new MongoMappingContext();
		context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		context.afterPropertiesSet();
		MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
		converter.setCustomConversions(conversions);
		converter.afterPropertiesSet();
		return converter;
	}

}
