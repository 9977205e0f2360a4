-- Optimistic order placement (Ledger+OptimisticOrders.swift): an order reads its account without a lock and
-- writes it in one statement that applies only if the wallet's version is still the one it read. Every other
-- writer of a user's wallet or holdings locks the wallet row first, and locking now bumps the version, so any
-- change between the read and the write makes that write refuse.
ALTER TABLE wallets ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- The same lock as migration 002, taken by an UPDATE that bumps the version instead of SELECT … FOR UPDATE.
CREATE OR REPLACE FUNCTION ledger_lock_account(p_user TEXT, p_instrument TEXT)
RETURNS TABLE (
    o_user_id TEXT, o_currency TEXT, o_balance NUMERIC, o_reserved NUMERIC, o_updated_at BIGINT,
    h_id TEXT, h_user_id TEXT, h_instrument_id TEXT, h_quantity NUMERIC, h_committed NUMERIC, h_reserved NUMERIC,
    h_cost_basis NUMERIC, h_updated_at BIGINT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN UPDATE wallets w SET version = w.version + 1 WHERE w.user_id = p_user; RETURN QUERY SELECT w.user_id, w.currency, w.balance, w.reserved, w.updated_at, h.id, h.user_id, h.instrument_id, h.quantity, h.committed, h.reserved, h.cost_basis, h.updated_at FROM wallets w LEFT JOIN stockholdings h ON h.user_id = w.user_id AND h.instrument_id = p_instrument WHERE w.user_id = p_user; END
$$;
-- Aborts the statement that calls it (with all its data-modifying CTEs) unless exactly one row passed the
-- version check. SQLSTATE TF001 tells the store to read again and retry.
CREATE FUNCTION ledger_require_unchanged(p_rows BIGINT)
RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
BEGIN IF p_rows <> 1 THEN RAISE EXCEPTION 'the account changed since it was read' USING ERRCODE = 'TF001'; END IF; RETURN TRUE; END
$$;
