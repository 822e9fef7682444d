package com.nimbus.incidents.command.incident;

import java.time.Duration;

/**
 * A signal with the flap window of the route that placed it.
 */
public record RoutedSignal(IncomingSignal signal, Duration flapWindow) {

}
