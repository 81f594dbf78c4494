package com.aisaas.search;

import com.aisaas.common.Scope;
import com.aisaas.db.Database;
import com.aisaas.db.RowSecurity;
import com.aisaas.db.SqlTime;
import com.aisaas.files.FileRecord;
import com.aisaas.files.FileStatus;
import com.aisaas.files.JdbcFileRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link SearchRepository} on PostgreSQL full-text search, in one transaction under the caller's scope:
 * <ol>
 *   <li>{@code search_file_ids} (V10__search_candidates.sql) finds the page's file ids and ranks through the GIN
 *       index — {@code websearch_to_tsquery} under each file's own configuration, the filters, {@code ts_rank_cd}
 *       over the newest {@code rankCandidates} matches only, keyset on (rank, id) — for the scope the transaction
 *       declared only;</li>
 *   <li>the files of those ids are read under row-level security like any files query;</li>
 *   <li>{@code ts_headline} marks the matching words in the text of those files only (it is the costly part, so
 *       it never runs for rows that are not shown).</li>
 * </ol>
 */
public final class JdbcSearchRepository implements SearchRepository {

    private static final String HEADLINE_OPTIONS = "StartSel=" + MARK_START + ", StopSel=" + MARK_END
            + ", MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

    private final Database database;
    private final int rankCandidates;

    /** @param rankCandidates SEARCH_RANK_CANDIDATES: the most matching files one search ranks (the newest) */
    public JdbcSearchRepository(Database database, int rankCandidates) {
        this.database = Objects.requireNonNull(database, "database");
        if (rankCandidates < 1) {
            throw new IllegalArgumentException("rankCandidates must be positive");
        }
        this.rankCandidates = rankCandidates;
    }

    @Override
    public Matches search(Scope scope, SearchQuery query, Optional<SearchCursor> after, int fetch) {
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, scope);
            List<UUID> ids = new ArrayList<>();
            Map<UUID, Float> ranks = new HashMap<>();
            boolean partial = false;
            try (PreparedStatement statement = connection.prepareStatement("select file_id, rank, truncated"
                    + " from search_file_ids(?, ?::regconfig[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                statement.setString(1, query.q());
                statement.setArray(2, connection.createArrayOf("text", SearchLanguages.ALL_CONFIGS.toArray()));
                statement.setString(3, query.status().map(FileStatus::wire).orElse(null));
                String type = query.contentType().orElse(null);
                boolean family = type != null && type.endsWith("/*");
                statement.setString(4, family ? null : type);
                statement.setString(5, family ? type.substring(0, type.length() - 1) : null);
                statement.setObject(6, query.from().map(SqlTime::timestamp).orElse(null),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(7, query.to().map(SqlTime::timestamp).orElse(null),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setString(8, query.tagKey().orElse(null));
                statement.setString(9, query.tagValue().orElse(null));
                if (after.isPresent()) {
                    statement.setFloat(10, after.get().rank());
                    statement.setObject(11, after.get().id());
                } else {
                    statement.setNull(10, Types.REAL);
                    statement.setNull(11, Types.OTHER);
                }
                statement.setInt(12, fetch);
                statement.setInt(13, rankCandidates);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        ids.add(id);
                        ranks.put(id, rs.getFloat(2));
                        partial |= rs.getBoolean(3);
                    }
                }
            }
            if (ids.isEmpty()) {
                return new Matches(List.of(), false);
            }
            Map<UUID, FileRecord> files = JdbcFileRepository.selectByIds(connection, scope, ids);
            Map<UUID, String> passages = passages(connection, query.q(), ids);
            List<Match> matches = new ArrayList<>(ids.size());
            for (UUID id : ids) {
                FileRecord file = files.get(id);
                if (file != null) {
                    matches.add(new Match(file, ranks.get(id), passages.get(id)));
                }
            }
            return new Matches(matches, partial);
        });
    }

    private static Map<UUID, String> passages(Connection connection, String q, List<UUID> ids) throws SQLException {
        Map<UUID, String> passages = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("select t.file_id,"
                + " ts_headline(t.config, case when t.body = '' then f.name else t.body end,"
                + " websearch_to_tsquery(t.config, ?), ?)"
                + " from file_texts t join files f on f.id = t.file_id where t.file_id = any(?)")) {
            statement.setString(1, q);
            statement.setString(2, HEADLINE_OPTIONS);
            statement.setArray(3, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    passages.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        return passages;
    }
}
