package com.nimbus.incidents.events;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionItem(String description, String owner) {

}
