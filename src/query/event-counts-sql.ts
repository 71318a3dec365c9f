import type { Provider } from "../store/provider.js";
import { sql, type Fragment } from "../store/sql.js";

/**
 * The stored events counted per repository, owner, visibility and type, as a
 * FROM item named `counts` with the columns repository, owner, private,
 * event_type and events; "" for an event without a repository or owner, and
 * keys whose events were all pruned at zero. The scope's conditions
 * (scopeCondition) read these columns as they read events'. On PostgreSQL,
 * triggers keep the event_counts table exact. On SQLite it is brought up to
 * date in batches, with the full-text index (search_index_state), so the
 * events above that watermark, at most about a second's worth, are added here.
 */
export function eventCounts(provider: Provider): Fragment {
  if (provider === "postgres") return sql`event_counts counts`;
  return sql`(SELECT repository, owner, private, event_type, events FROM event_counts UNION ALL
    SELECT coalesce(repository, ''), coalesce(owner, ''), private, event_type, 1 FROM events
    WHERE id > (SELECT indexed_through FROM search_index_state)) counts`;
}
