package ai.avala.pipeline.schedule;

import java.sql.DatabaseMetaData;
import java.util.Properties;

import javax.sql.DataSource;

import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.quartz.autoconfigure.JobStoreType;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Quartz's JDBC store (the {@code scheduler} command's) as every database needs it:
 * <ul>
 * <li>clustered, so that schedulers on several hosts sharing the job repository fire each trigger once, and one
 * of them takes over (Quartz's "recovery") the fires of a scheduler that died mid-run. A single scheduler is a
 * cluster of one; it costs a check-in row update every {@code clusterCheckinInterval};</li>
 * <li>on PostgreSQL, with Quartz's PostgreSQL delegate: the standard one reads job data as a BLOB, which
 * PostgreSQL's {@code bytea} is not.</li>
 * </ul>
 * Settings given explicitly ({@code spring.quartz.properties.org.quartz.jobStore.*}) win. The in-memory store of
 * the other commands is left alone: it has no such settings.
 */
@Component
class QuartzDatabaseCustomizer implements SchedulerFactoryBeanCustomizer {

	static final String CLUSTERED = "org.quartz.jobStore.isClustered";

	static final String INSTANCE_ID = "org.quartz.scheduler.instanceId";

	static final String DELEGATE = "org.quartz.jobStore.driverDelegateClass";

	private final QuartzProperties properties;

	private final ObjectProvider<DataSource> dataSource;

	QuartzDatabaseCustomizer(QuartzProperties properties, ObjectProvider<DataSource> dataSource) {
		this.properties = properties;
		this.dataSource = dataSource;
	}

	@Override
	public void customize(SchedulerFactoryBean factory) {
		if (this.properties.getJobStoreType() != JobStoreType.JDBC) {
			return;
		}
		Properties quartz = new Properties();
		quartz.putAll(this.properties.getProperties());
		quartz.putIfAbsent(CLUSTERED, "true");
		// Unique per process (host name and start time): the cluster tells its members apart by it.
		quartz.putIfAbsent(INSTANCE_ID, "AUTO");
		if (!quartz.containsKey(DELEGATE) && isPostgres()) {
			quartz.put(DELEGATE, PostgreSQLDelegate.class.getName());
		}
		factory.setQuartzProperties(quartz);
	}

	private boolean isPostgres() {
		DataSource source = this.dataSource.getIfAvailable();
		if (source == null) {
			return false;
		}
		try {
			String product = JdbcUtils.extractDatabaseMetaData(source, DatabaseMetaData::getDatabaseProductName);
			return "PostgreSQL".equals(product);
		}
		catch (MetaDataAccessException ex) {
			// Unreachable now: Quartz will fail to start with the database's own error, which says more.
			return false;
		}
	}

}
