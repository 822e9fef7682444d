package com.nimbus.incidents.query.status;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The status page is rendered on a schedule ({@link StatusPageRefresher}), never on a
 * request.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StatusPageConfiguration {

}
