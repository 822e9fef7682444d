package com.nimbus.incidents.events;

public record ActionItem(String description, String owner) {

}
