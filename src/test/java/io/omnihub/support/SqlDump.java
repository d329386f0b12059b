package io.omnihub.support;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A plain dump of every table's data, exactly as pg_dump writes it ({@code COPY ... TO STDOUT}, text format), for
 * looking for personal data in plaintext.
 */
public final class SqlDump {

    private SqlDump() {
    }

    public static String all() throws Exception {
        Config config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection("jdbc:" + config.getValue("omnihub.db.url", String.class),
                config.getValue("omnihub.db.username", String.class),
                config.getValue("omnihub.db.password", String.class))) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" })) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            StringWriter dump = new StringWriter();
            CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
            for (String table : tables) {
                dump.append("COPY public.").append(table).append(" FROM stdin;\n");
                copy.copyOut("COPY public." + table + " TO STDOUT", dump);
                dump.append("\\.\n");
            }
            return dump.toString();
        }
    }

    /** How bytea shows a text in a dump: hex. */
    public static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
