package com.nimbus.incidents.console.web;

import java.util.List;
import java.util.Map;

import com.nimbus.incidents.console.api.Api;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class StatusViewsTest {

	private final Readable readable = new Readable();

	private static Object page(String json) {
		return Api.plain(JsonMapper.builder().build().readTree(json));
	}

	private static final String INCIDENT = """
			{"title":"DNS failures","level":"%s","since":"%s","latestStatus":"IDENTIFIED",
			 "latestMessage":"Found the cause","latestUpdateAt":"2026-11-30T07:00:00Z","updates":[
			  {"status":"INVESTIGATING","message":"Looking into DNS","occurredAt":"2026-11-30T06:10:00.123456789Z"},
			  {"status":"IDENTIFIED","message":"Found the cause","occurredAt":"2026-11-30T07:00:00Z"}]}""";

	@Test
	void affectedComponentsComeWorstFirstAndEachIncidentOnceWithItsUpdatesNewestFirst() {
		StatusView view = StatusViews.of(page("""
				{"generatedAt":"2026-11-30T12:00:00.987654321Z","overall":"MAJOR_OUTAGE","services":[
				 {"service":"compute","region":"eu-west-1","status":"PARTIAL_OUTAGE","incidents":[%s]},
				 {"service":"dns","region":"us-east-1","status":"MAJOR_OUTAGE","incidents":[%s]},
				 {"service":"storage","region":"us-east-1","status":"OPERATIONAL","incidents":[]},
				 {"service":"storage","region":"eu-west-1","status":"OPERATIONAL","incidents":[]},
				 {"service":"api","region":"us-east-1","status":"OPERATIONAL","incidents":[]}],
				 "history":[],"uptime":[]}""".formatted(INCIDENT.formatted("PARTIAL_OUTAGE", "2026-11-30T06:30:00Z"),
				INCIDENT.formatted("MAJOR_OUTAGE", "2026-11-30T06:00:00Z"))), this.readable);

		assertThat(view.sentence()).isEqualTo("Major outage affecting 2 components");
		assertThat(view.overall()).isEqualTo("MAJOR_OUTAGE");
		assertThat(view.generatedAt()).isEqualTo("2026-11-30T12:00:00Z");
		assertThat(view.affected()).extracting(StatusView.Component::name, StatusView.Component::levelWords)
			.containsExactly(Tuple.tuple("dns · us-east-1", "Major outage"),
					Tuple.tuple("compute · eu-west-1", "Partial outage"));
		assertThat(view.services()).extracting(StatusView.ServiceGroup::service).containsExactly("api", "storage");
		assertThat(view.services().get(1).components()).extracting(StatusView.Component::region)
			.containsExactly("eu-west-1", "us-east-1");

		assertThat(view.incidents()).hasSize(1);
		StatusView.ActiveIncident incident = view.incidents().get(0);
		assertThat(incident.title()).isEqualTo("DNS failures");
		assertThat(incident.levelWords()).isEqualTo("Major outage");
		assertThat(incident.since()).isEqualTo("2026-11-30T06:00:00Z");
		assertThat(incident.components()).containsExactly("dns · us-east-1 (Major outage)",
				"compute · eu-west-1 (Partial outage)");
		assertThat(incident.updates()).containsExactly(
				new StatusView.Update("Identified", "2026-11-30T07:00:00Z", "Found the cause"),
				new StatusView.Update("Investigating", "2026-11-30T06:10:00Z", "Looking into DNS"));
	}

	@Test
	void theSentenceSaysTheWorstLevelAndHowManyComponents() {
		assertThat(StatusViews.sentence("OPERATIONAL", 0, this.readable)).isEqualTo("All systems operational");
		assertThat(StatusViews.sentence("PARTIAL_OUTAGE", 3, this.readable))
			.isEqualTo("Partial outage affecting 3 components");
		assertThat(StatusViews.sentence("DEGRADED_PERFORMANCE", 1, this.readable))
			.isEqualTo("Degraded performance affecting 1 component");
	}

	@Test
	void aResolvedIncidentSaysHowLongItAndEachWindowLasted() {
		StatusView view = StatusViews.of(page("""
				{"generatedAt":"2026-11-30T12:00:00Z","overall":"OPERATIONAL","services":[
				 {"service":"object-storage","region":"eu-west-1","status":"OPERATIONAL","incidents":[]}],
				 "history":[{"title":"Slow uploads","resolvedAt":"2026-11-20T18:05:00Z",
				  "updates":[{"status":"INVESTIGATING","message":"Slow","occurredAt":"2026-11-20T12:10:00Z"},
				             {"status":"RESOLVED","message":"Fast again","occurredAt":"2026-11-20T18:05:00Z"}],
				  "windows":[{"service":"object-storage","region":"eu-west-1","level":"PARTIAL_OUTAGE",
				    "startedAt":"2026-11-20T12:00:00Z","endedAt":"2026-11-20T13:58:00Z"},
				   {"service":"object-storage","region":"us-east-1","level":"DEGRADED_PERFORMANCE",
				    "startedAt":"2026-11-20T11:00:00Z","endedAt":"2026-11-20T18:05:00Z"}]}],
				 "uptime":[]}"""), this.readable);

		assertThat(view.sentence()).isEqualTo("All systems operational");
		assertThat(view.affected()).isEmpty();
		assertThat(view.incidents()).isEmpty();
		StatusView.PastIncident past = view.history().get(0);
		assertThat(past.title()).isEqualTo("Slow uploads");
		assertThat(past.lasted()).isEqualTo("7 h 5 min");
		assertThat(past.windows()).containsExactly(
				new StatusView.Window("object-storage · eu-west-1", "Partial outage", "2026-11-20T12:00:00Z",
						"2026-11-20T13:58:00Z", "1 h 58 min"),
				new StatusView.Window("object-storage · us-east-1", "Degraded performance", "2026-11-20T11:00:00Z",
						"2026-11-20T18:05:00Z", "7 h 5 min"));
		assertThat(past.updates()).extracting(StatusView.Update::status).containsExactly("Resolved", "Investigating");
	}

	@Test
	void updatesPostedWithinOneSecondStillComeNewestFirst() {
		StatusView view = StatusViews.of(page("""
				{"overall":"MAJOR_OUTAGE","services":[
				 {"service":"dns","region":"us-east-1","status":"MAJOR_OUTAGE","incidents":[
				  {"title":"DNS failures","level":"MAJOR_OUTAGE","since":"2026-11-30T06:00:00Z","updates":[
				   {"status":"INVESTIGATING","message":"first","occurredAt":"2026-11-30T06:10:00.100Z"},
				   {"status":"IDENTIFIED","message":"second","occurredAt":"2026-11-30T06:10:00.900Z"},
				   {"status":"IDENTIFIED","message":"third, same instant","occurredAt":"2026-11-30T06:10:00.900Z"}]}]}],
				 "history":[],"uptime":[]}"""), this.readable);

		assertThat(view.incidents().get(0).updates()).extracting(StatusView.Update::message, StatusView.Update::at)
			.containsExactly(Tuple.tuple("third, same instant", "2026-11-30T06:10:00Z"),
					Tuple.tuple("second", "2026-11-30T06:10:00Z"), Tuple.tuple("first", "2026-11-30T06:10:00Z"));
	}

	@Test
	void anEmptyOrMissingPageReadsAsNothingToReport() {
		StatusView view = StatusViews.of(Map.of("services", List.of()), this.readable);
		assertThat(view.sentence()).isEqualTo("All systems operational");
		assertThat(view.affected()).isEmpty();
		assertThat(view.services()).isEmpty();
		assertThat(view.history()).isEmpty();
	}

}
