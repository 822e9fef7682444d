package com.nimbus.incidents.support.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorEndpointTest {

	private static ResponseEntity<ProblemDetail> error(Object status, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
		return new ErrorEndpoint().error(request);
	}

	@Test
	void aRefusedRequestIsAProblemDetailWithAStableType() {
		ResponseEntity<ProblemDetail> tooLarge = error(413, "/api/incidents");
		assertThat(tooLarge.getStatusCode().value()).isEqualTo(413);
		assertThat(tooLarge.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
		assertThat(tooLarge.getBody().getType()).hasToString("https://incidents.nimbus.example/problems/too-large");
		assertThat(tooLarge.getBody().getInstance()).hasToString("/api/incidents");
		assertThat(error(400, "/a b").getBody().getType()).hasToString(ProblemTypes.BASE + "invalid-input");
		assertThat(error(400, "/a b").getBody().getInstance()).isNull();
		assertThat(error(418, null).getBody().getType()).hasToString(ProblemTypes.BASE + "invalid-request");
		assertThat(error(null, null).getStatusCode().value()).isEqualTo(500);
		assertThat(error(null, null).getBody().getType()).hasToString(ProblemTypes.BASE + "server-error");
		assertThat(error(999, null).getStatusCode().value()).isEqualTo(500);
	}

}
