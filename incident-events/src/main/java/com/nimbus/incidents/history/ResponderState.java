package com.nimbus.incidents.history;

import com.nimbus.incidents.events.ResponderRole;

/**
 * The latest assignment fact for one person in one role.
 */
public record ResponderState(String person, ResponderRole role, boolean assigned, Stamp stamp) {

}
