-- Ledger schema, PostgreSQL. Money is NUMERIC(20,2), units and prices NUMERIC(20,8); times are BIGINT ns UTC.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    family TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE TABLE wallets (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    currency TEXT NOT NULL,
    balance NUMERIC(20,2) NOT NULL,
    reserved NUMERIC(20,2) NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (reserved >= 0 AND balance >= reserved)
);
CREATE TABLE wallet_transactions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    amount NUMERIC(20,2) NOT NULL,
    balance_after NUMERIC(20,2) NOT NULL,
    order_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX wallet_transactions_user ON wallet_transactions (user_id, id);
CREATE TABLE stockholdings (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    instrument_id TEXT NOT NULL,
    quantity NUMERIC(20,8) NOT NULL,
    committed NUMERIC(20,8) NOT NULL,
    reserved NUMERIC(20,8) NOT NULL,
    cost_basis NUMERIC(20,2) NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (user_id, instrument_id),
    CHECK (reserved >= 0 AND quantity >= reserved AND committed >= 0 AND committed <= quantity)
);
CREATE TABLE authorizations (
    id TEXT PRIMARY KEY,
    investor_id TEXT NOT NULL REFERENCES users(id),
    broker_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    instrument_id TEXT,
    limit_amount NUMERIC(20,8) NOT NULL,
    used NUMERIC(20,8) NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    CHECK (used >= 0 AND used <= limit_amount)
);
CREATE INDEX authorizations_investor ON authorizations (investor_id, id);
CREATE INDEX authorizations_broker ON authorizations (broker_id, id);
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    placed_by TEXT NOT NULL REFERENCES users(id),
    authorization_id TEXT REFERENCES authorizations(id),
    instrument_id TEXT NOT NULL,
    side TEXT NOT NULL,
    type TEXT NOT NULL,
    quantity NUMERIC(20,8) NOT NULL,
    limit_price NUMERIC(20,8),
    automated INTEGER NOT NULL,
    status TEXT NOT NULL,
    reserved NUMERIC(20,8) NOT NULL,
    filled_quantity NUMERIC(20,8) NOT NULL,
    fill_price NUMERIC(20,8),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE INDEX orders_placed_by ON orders (placed_by, id);
CREATE INDEX orders_open ON orders (status, instrument_id);
CREATE TABLE fills (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    instrument_id TEXT NOT NULL,
    side TEXT NOT NULL,
    quantity NUMERIC(20,8) NOT NULL,
    price NUMERIC(20,8) NOT NULL,
    notional NUMERIC(20,2) NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX fills_user ON fills (user_id, id);
CREATE INDEX fills_order ON fills (order_id);
CREATE TABLE portfolios (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_rebalanced_at BIGINT
);
CREATE INDEX portfolios_client ON portfolios (client_id, id);
CREATE TABLE portfolio_holdings (
    portfolio_id TEXT NOT NULL REFERENCES portfolios(id),
    instrument_id TEXT NOT NULL,
    quantity NUMERIC(20,8) NOT NULL,
    cost_basis NUMERIC(20,2) NOT NULL,
    PRIMARY KEY (portfolio_id, instrument_id)
);
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_events_owner ON audit_events (owner_id, id);
CREATE INDEX audit_events_entity ON audit_events (entity_id, id);
