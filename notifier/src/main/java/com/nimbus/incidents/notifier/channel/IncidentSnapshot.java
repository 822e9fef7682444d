package com.nimbus.incidents.notifier.channel;

/**
 * The incident as the notification describes it: id, title, severity, status, version.
 */
public record IncidentSnapshot(String id, String title, String severity, String status, long version) {
}
