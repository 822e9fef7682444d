package com.nimbus.incidents.command.idempotency;

/**
 * A successful answer as the client got it, to give again to a retry.
 *
 * @param status the HTTP status
 * @param contentType its content type
 * @param location its {@code Location} header, or {@code null}
 * @param body its body
 */
record Answer(int status, String contentType, String location, String body) {

}
