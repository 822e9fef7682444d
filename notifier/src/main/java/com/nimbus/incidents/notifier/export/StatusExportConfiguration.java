package com.nimbus.incidents.notifier.export;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The status page export, when {@code notifier.status-export.dir} is set.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StatusExportProperties.class)
class StatusExportConfiguration {

	@Bean
	@ConditionalOnProperty("notifier.status-export.dir")
	StatusExporter statusExporter(StatusExportProperties properties) {
		return new StatusExporter(properties, Clock.systemUTC());
	}

}
