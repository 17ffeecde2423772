package ai.avala.pipeline.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test (or every test of a class) that also runs on PostgreSQL, in the class's {@code *PostgresTests}
 * subclass. The others run on H2 only: they exercise the application, not the database, and the PostgreSQL
 * suite is kept to what differs between databases.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface OnPostgres {

}
