package dev.firebreak.agent.state;

import dev.firebreak.agent.slo.SloLog;
import dev.firebreak.agent.slo.SloMinute;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SLO minutes in the state store, one row per minute, model and node; each agent adds its
 * counts to the row, so replicas sharing PostgreSQL sum into the same figures.
 */
final class StoredSloMinutes implements SloLog {

    private final JdbcStateStore store;

    StoredSloMinutes(JdbcStateStore store) {
        this.store = store;
    }

    @Override
    public void add(List<SloMinute> counts) throws SloLogException {
        try {
            store.inTransaction(db -> {
                try (PreparedStatement s = db.prepareStatement("""
                        INSERT INTO slo_minutes (minute_millis, model, node, total, good, timed, fast) VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (minute_millis, model, node) DO UPDATE SET total = slo_minutes.total + excluded.total,
                          good = slo_minutes.good + excluded.good, timed = slo_minutes.timed + excluded.timed,
                          fast = slo_minutes.fast + excluded.fast""")) {
                    for (SloMinute m : counts) {
                        s.setLong(1, m.minuteMillis());
                        s.setString(2, m.model());
                        s.setString(3, m.node());
                        s.setLong(4, m.total());
                        s.setLong(5, m.good());
                        s.setLong(6, m.timed());
                        s.setLong(7, m.fast());
                        s.addBatch();
                    }
                    return s.executeBatch().length;
                }
            });
        } catch (SQLException e) {
            throw new SloLogException("cannot add " + counts.size() + " SLO minutes: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SloMinute> totals(long fromMillis, long toMillis) throws SloLogException {
        return query("SELECT ? AS bucket, model, node, SUM(total), SUM(good), SUM(timed), SUM(fast) FROM slo_minutes"
                + " WHERE minute_millis >= ? AND minute_millis < ? GROUP BY model, node ORDER BY model, node", fromMillis, fromMillis, toMillis);
    }

    @Override
    public List<SloMinute> perModel(long fromMillis, long toMillis, long bucketMillis) throws SloLogException {
        if (bucketMillis < SloMinute.MINUTE_MILLIS) {
            throw new IllegalArgumentException("SLO buckets are a minute or longer, got " + bucketMillis + " ms");
        }
        return query("SELECT bucket, model, '' AS node, SUM(total), SUM(good), SUM(timed), SUM(fast) FROM"
                + " (SELECT minute_millis - (minute_millis % ?) AS bucket, model, total, good, timed, fast FROM slo_minutes"
                + " WHERE minute_millis >= ? AND minute_millis < ?) m GROUP BY bucket, model ORDER BY bucket, model",
                bucketMillis, fromMillis, toMillis);
    }

    private List<SloMinute> query(String sql, long... parameters) throws SloLogException {
        try {
            return store.inTransaction(db -> {
                List<SloMinute> rows = new ArrayList<>();
                try (PreparedStatement s = db.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.length; i++) {
                        s.setLong(i + 1, parameters[i]);
                    }
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            rows.add(new SloMinute(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5),
                                    r.getLong(6), r.getLong(7)));
                        }
                    }
                }
                return rows;
            });
        } catch (SQLException e) {
            throw new SloLogException("cannot read the SLO minutes: " + e.getMessage(), e);
        }
    }
}
