//! `check` on the server. The server enforces the constraints itself, so what can go wrong is what someone with
//! the owner's or a superuser's power did past them: a constraint, trigger or index dropped or disabled, rows
//! written with the triggers off (`session_replication_role = replica`), events deleted. This checks that every
//! constraint, trigger and index of `schema.postgres.sql` is there, valid and enabled; that no row points at a
//! missing one (unless `quick`); and that the audit trail's ids have no gap. Stored statuses are recomputed by the
//! ledger, as on SQLite.

use super::{Conn, Q};

/// Every trigger of the schema, by table.
pub(super) const TRIGGERS: &[(&str, &str)] = &[
    ("revisions", "revisions_are_kept"),
    ("revisions", "revisions_are_stamped"),
    ("revisions", "revisions_keep_their_text"),
    ("claims", "claims_count_revisions"),
    ("events", "events_are_kept"),
    ("events", "events_are_not_truncated"),
    ("events", "events_follow_on"),
    ("events", "events_take_the_desk_lock"),
    ("verdicts", "verdicts_are_kept"),
    ("verdicts", "verdicts_are_not_truncated"),
    ("verdicts", "verdicts_are_stamped"),
];

/// Every constraint of the schema, by table (the server's own names for them).
pub(super) const CONSTRAINTS: &[(&str, &str)] = &[
    ("anchors", "anchors_check"),
    ("anchors", "anchors_check1"),
    ("anchors", "anchors_check2"),
    ("anchors", "anchors_check3"),
    ("anchors", "anchors_check4"),
    ("anchors", "anchors_claim_id_fkey"),
    ("anchors", "anchors_how_check"),
    ("anchors", "anchors_pkey"),
    ("anchors", "anchors_response_check"),
    ("anchors", "anchors_revision_check"),
    ("anchors", "anchors_score_check"),
    ("anchors", "anchors_strength_check"),
    ("articles", "articles_key_check"),
    ("articles", "articles_key_key"),
    ("articles", "articles_pkey"),
    ("articles", "articles_title_check"),
    ("claims", "claims_article_id_fkey"),
    ("claims", "claims_article_id_key_key"),
    ("claims", "claims_check"),
    ("claims", "claims_check1"),
    ("claims", "claims_key_check"),
    ("claims", "claims_pkey"),
    ("claims", "claims_response_check"),
    ("claims", "claims_source_kind_check"),
    ("claims", "claims_status_check"),
    ("claims", "claims_strength_check"),
    ("claims", "claims_text_check"),
    ("desk", "desk_only_row_check"),
    ("desk", "desk_pkey"),
    ("desk", "desk_version_check"),
    ("events", "events_article_id_fkey"),
    ("events", "events_claim_id_fkey"),
    ("events", "events_evidence_id_fkey"),
    ("events", "events_id_check"),
    ("events", "events_pkey"),
    ("events", "events_source_id_fkey"),
    ("evidence", "evidence_check"),
    ("evidence", "evidence_credibility_check"),
    ("evidence", "evidence_derived_from_fkey"),
    ("evidence", "evidence_key_check"),
    ("evidence", "evidence_key_key"),
    ("evidence", "evidence_origin_id_fkey"),
    ("evidence", "evidence_pkey"),
    ("evidence", "evidence_reliability_check"),
    ("evidence", "evidence_sha256_check"),
    ("evidence", "evidence_title_check"),
    ("links", "links_claim_id_fkey"),
    ("links", "links_evidence_id_fkey"),
    ("links", "links_pkey"),
    ("links", "links_stance_check"),
    ("match_segments", "match_segments_docs_check"),
    ("match_segments", "match_segments_live_docs_check"),
    ("match_segments", "match_segments_pkey"),
    ("match_terms", "match_terms_pkey"),
    ("match_terms", "match_terms_segment_fkey"),
    ("revisions", "revisions_actor_check"),
    ("revisions", "revisions_article_id_fkey"),
    ("revisions", "revisions_article_id_number_key"),
    ("revisions", "revisions_number_check"),
    ("revisions", "revisions_pkey"),
    ("reviews", "reviews_claim_reviewed_check"),
    ("reviews", "reviews_pkey"),
    ("reviews", "reviews_url_check"),
    ("settings", "settings_pkey"),
    ("sources", "sources_kind_check"),
    ("sources", "sources_name_check"),
    ("sources", "sources_pkey"),
    ("sources", "sources_reliability_check"),
    ("verdicts", "verdicts_author_check"),
    ("verdicts", "verdicts_claim_id_fkey"),
    ("verdicts", "verdicts_confidence_check"),
    ("verdicts", "verdicts_pkey"),
    ("verdicts", "verdicts_rating_check"),
    ("verdicts", "verdicts_rationale_check"),
    ("verdicts", "verdicts_revision_check"),
    ("verdicts", "verdicts_summary_check"),
];

/// Every index of the schema, by table.
pub(super) const INDEXES: &[(&str, &str)] = &[
    ("anchors", "anchors_pkey"),
    ("articles", "articles_by_text_length"),
    ("articles", "articles_key_key"),
    ("articles", "articles_pkey"),
    ("claims", "claims_article_id_key_key"),
    ("claims", "claims_by_article"),
    ("claims", "claims_by_place"),
    ("claims", "claims_by_status"),
    ("claims", "claims_by_strength"),
    ("claims", "claims_pkey"),
    ("desk", "desk_pkey"),
    ("events", "events_by_claim"),
    ("events", "events_by_evidence"),
    ("events", "events_by_source"),
    ("events", "events_pkey"),
    ("evidence", "evidence_by_origin"),
    ("evidence", "evidence_by_parent"),
    ("evidence", "evidence_key_key"),
    ("evidence", "evidence_pkey"),
    ("links", "links_by_evidence"),
    ("links", "links_pkey"),
    ("match_segments", "match_segments_pkey"),
    ("match_terms", "match_terms_pkey"),
    ("reviews", "reviews_by_key"),
    ("reviews", "reviews_pkey"),
    ("settings", "settings_pkey"),
    ("sources", "sources_by_identity"),
    ("sources", "sources_by_name"),
    ("sources", "sources_pkey"),
    ("revisions", "revisions_article_id_number_key"),
    ("revisions", "revisions_by_text_length"),
    ("revisions", "revisions_pkey"),
    ("verdicts", "verdicts_by_claim"),
    ("verdicts", "verdicts_pkey"),
];

/// Each reference a row may hold: table, column, the table it points into, the column that names the row.
const REFERENCES: &[(&str, &str, &str, &str)] = &[
    ("claims", "article_id", "articles", "id"),
    ("revisions", "article_id", "articles", "id"),
    ("anchors", "claim_id", "claims", "claim_id"),
    ("match_terms", "segment", "match_segments", "segment"),
    ("evidence", "origin_id", "sources", "id"),
    ("evidence", "derived_from", "evidence", "id"),
    ("links", "claim_id", "claims", "claim_id"),
    ("links", "evidence_id", "evidence", "claim_id"),
    ("verdicts", "claim_id", "claims", "id"),
    ("events", "article_id", "articles", "id"),
    ("events", "claim_id", "claims", "id"),
    ("events", "evidence_id", "evidence", "id"),
    ("events", "source_id", "sources", "id"),
];

/// How many gaps or orphans of one kind are named before the rest are left out.
const SHOWN: i64 = 20;

pub(super) fn problems(conn: &Conn, quick: bool) -> Q<Vec<String>> {
    let mut problems = Vec::new();
    let triggers = conn.query(
        "SELECT c.relname::text AS tab, t.tgname::text AS name, t.tgenabled::text AS enabled
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'claimtrack' AND NOT t.tgisinternal",
        &[],
    )?;
    for (table, name) in TRIGGERS {
        match triggers
            .iter()
            .find(|r| r.get::<_, String>("tab") == *table && r.get::<_, String>("name") == *name)
        {
            None => problems.push(format!("trigger: `{name}` on `{table}` is missing")),
            Some(row) if row.get::<_, String>("enabled") == "D" => {
                problems.push(format!("trigger: `{name}` on `{table}` is disabled"))
            }
            Some(_) => {}
        }
    }
    // Since version 7 nothing but the grants keeps a group from writing an event's actor or time.
    let stamping = conn.query(
        "SELECT r.rolname::text FROM claimtrack.desk d
         CROSS JOIN unnest(ARRAY[d.reader_role, d.checker_role, d.editor_role]) AS g (name)
         JOIN pg_roles r ON r.rolname = g.name
         WHERE has_column_privilege(r.oid, 'claimtrack.events', 'actor', 'INSERT')
            OR has_column_privilege(r.oid, 'claimtrack.events', 'at', 'INSERT')
         ORDER BY 1",
        &[],
    )?;
    for row in stamping {
        let role: String = row.get(0);
        problems.push(format!(
            "grant: `{role}` may write an event's actor or time, which are the server's to give"
        ));
    }
    let internal = conn.query_one(
        "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'claimtrack' AND t.tgisinternal AND t.tgenabled = 'D'",
        &[],
    )?;
    if internal.get::<_, i64>(0) > 0 {
        problems.push(
            "foreign key: the server's own foreign-key triggers are disabled on some tables"
                .to_string(),
        );
    }
    let constraints = conn.query(
        "SELECT c.relname::text AS tab, k.conname::text AS name, k.convalidated AS valid
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'claimtrack'",
        &[],
    )?;
    for (table, name) in CONSTRAINTS {
        match constraints
            .iter()
            .find(|r| r.get::<_, String>("tab") == *table && r.get::<_, String>("name") == *name)
        {
            None => problems.push(format!("constraint: `{name}` on `{table}` is missing")),
            Some(row) if !row.get::<_, bool>("valid") => problems.push(format!(
                "constraint: `{name}` on `{table}` is not validated"
            )),
            Some(_) => {}
        }
    }
    let indexes = conn.query(
        "SELECT t.relname::text AS tab, i.relname::text AS name, x.indisvalid AS valid
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'claimtrack'",
        &[],
    )?;
    for (table, name) in INDEXES {
        match indexes
            .iter()
            .find(|r| r.get::<_, String>("tab") == *table && r.get::<_, String>("name") == *name)
        {
            None => problems.push(format!("index: `{name}` on `{table}` is missing")),
            Some(row) if !row.get::<_, bool>("valid") => {
                problems.push(format!("index: `{name}` on `{table}` is not valid"))
            }
            Some(_) => {}
        }
    }
    if !quick {
        for (table, column, target, named_by) in REFERENCES {
            let rows = conn.query(
                &format!(
                    "SELECT t.{named_by} FROM claimtrack.{table} t
                     WHERE t.{column} IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM claimtrack.{target} r WHERE r.id = t.{column})
                     ORDER BY 1 LIMIT {SHOWN}"
                ),
                &[],
            )?;
            for row in rows {
                problems.push(format!(
                    "foreign key: row {} of `{table}` points at a missing `{target}` ({column})",
                    row.get::<_, i64>(0)
                ));
            }
        }
    }
    let gaps = conn.query(
        &format!(
            "SELECT previous + 1 AS first, id - 1 AS last FROM (
                 SELECT id, lag(id, 1, 0::bigint) OVER (ORDER BY id) AS previous FROM claimtrack.events) t
             WHERE id <> previous + 1 ORDER BY id LIMIT {}",
            SHOWN + 1
        ),
        &[],
    )?;
    // Worded as on SQLite, so that `check` reads the same on either engine.
    for (n, row) in gaps.iter().enumerate() {
        if n as i64 == SHOWN {
            problems.push("audit trail: more events are missing after these".to_string());
            break;
        }
        let (first, last): (i64, i64) = (row.get("first"), row.get("last"));
        problems.push(if first == last {
            format!("audit trail: event {first} is missing (taken out of the trail)")
        } else {
            format!("audit trail: events {first} to {last} are missing (taken out of the trail)")
        });
    }
    Ok(problems)
}
