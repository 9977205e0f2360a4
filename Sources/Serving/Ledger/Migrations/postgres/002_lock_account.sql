-- An order's account lock in one round trip: the wallet row locked FOR UPDATE, then the wallet and the holding read
-- by a second statement. PL/pgSQL runs each statement of a VOLATILE function on a new snapshot, taken after the lock
-- was granted, so the holding read sees what the previous lock holder committed (one SELECT joining both would
-- read the holding from the snapshot taken before it waited). PL/pgSQL also keeps both plans for the session.
-- The body is written on one line: the migration runner splits statements at a semicolon ending a line.
CREATE FUNCTION ledger_lock_account(p_user TEXT, p_instrument TEXT)
RETURNS TABLE (
    o_user_id TEXT, o_currency TEXT, o_balance NUMERIC, o_reserved NUMERIC, o_updated_at BIGINT,
    h_id TEXT, h_user_id TEXT, h_instrument_id TEXT, h_quantity NUMERIC, h_committed NUMERIC, h_reserved NUMERIC,
    h_cost_basis NUMERIC, h_updated_at BIGINT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN PERFORM 1 FROM wallets w WHERE w.user_id = p_user FOR UPDATE; RETURN QUERY SELECT w.user_id, w.currency, w.balance, w.reserved, w.updated_at, h.id, h.user_id, h.instrument_id, h.quantity, h.committed, h.reserved, h.cost_basis, h.updated_at FROM wallets w LEFT JOIN stockholdings h ON h.user_id = w.user_id AND h.instrument_id = p_instrument WHERE w.user_id = p_user; END
$$;
