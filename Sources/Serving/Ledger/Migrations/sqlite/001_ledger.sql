-- Ledger schema, SQLite. Money, units and prices are exact decimal TEXT (SQLite's NUMERIC would store floats);
-- the ledger rounds them to the scale of the Postgres schema (cents, 1e-8). Times are INTEGER ns UTC.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    family TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE TABLE wallets (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    currency TEXT NOT NULL,
    balance TEXT NOT NULL,
    reserved TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE wallet_transactions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    amount TEXT NOT NULL,
    balance_after TEXT NOT NULL,
    order_id TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX wallet_transactions_user ON wallet_transactions (user_id, id);
CREATE TABLE stockholdings (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    instrument_id TEXT NOT NULL,
    quantity TEXT NOT NULL,
    committed TEXT NOT NULL,
    reserved TEXT NOT NULL,
    cost_basis TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (user_id, instrument_id)
);
CREATE TABLE authorizations (
    id TEXT PRIMARY KEY,
    investor_id TEXT NOT NULL REFERENCES users(id),
    broker_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    instrument_id TEXT,
    limit_amount TEXT NOT NULL,
    used TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
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
    quantity TEXT NOT NULL,
    limit_price TEXT,
    automated INTEGER NOT NULL,
    status TEXT NOT NULL,
    reserved TEXT NOT NULL,
    filled_quantity TEXT NOT NULL,
    fill_price TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
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
    quantity TEXT NOT NULL,
    price TEXT NOT NULL,
    notional TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX fills_user ON fills (user_id, id);
CREATE INDEX fills_order ON fills (order_id);
CREATE TABLE portfolios (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_rebalanced_at INTEGER
);
CREATE INDEX portfolios_client ON portfolios (client_id, id);
CREATE TABLE portfolio_holdings (
    portfolio_id TEXT NOT NULL REFERENCES portfolios(id),
    instrument_id TEXT NOT NULL,
    quantity TEXT NOT NULL,
    cost_basis TEXT NOT NULL,
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
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_events_owner ON audit_events (owner_id, id);
CREATE INDEX audit_events_entity ON audit_events (entity_id, id);
