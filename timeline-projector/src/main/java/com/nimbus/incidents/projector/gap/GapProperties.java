package com.nimbus.incidents.projector.gap;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param gapAlertAfter how long a gap in an incident's (or a customer's) sequence may
 * stay open before health reports it: a gap normally fills within seconds (two command
 * instances relaying one incident's events out of order), so one open for a minute has a
 * cause someone must look at (a dead letter, a lost relay)
 * @param gapRefresh how often the open gaps are read from the store, at most: health
 * checks and metric scrapes in between see the last reading
 */
@ConfigurationProperties("projector")
public record GapProperties(@DefaultValue("60s") Duration gapAlertAfter, @DefaultValue("5s") Duration gapRefresh) {

}
