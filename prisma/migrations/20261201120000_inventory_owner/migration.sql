-- Inventory owns stock (DESIGN.md §3, §4): the stock gate's generation, the invariants as CHECK
-- constraints (no writer can break them), and one database function that writes an order of
-- either kind, for groups of any size (server/modules/orders/order-commit.ts calls it).

ALTER TABLE "flash_sku" ADD COLUMN "gate_gen" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "flash_sku"
    ADD CONSTRAINT "flash_sku_ledger_check" CHECK (sold >= 0 AND paid >= 0 AND released >= 0 AND paid <= sold AND sold <= flash_stock),
    ADD CONSTRAINT "flash_sku_price_check" CHECK (flash_price > 0),
    ADD CONSTRAINT "flash_sku_limit_check" CHECK (per_user_limit >= 1);
ALTER TABLE "goods_sku"
    ADD CONSTRAINT "goods_sku_stock_check" CHECK (stock >= 0),
    ADD CONSTRAINT "goods_sku_price_check" CHECK (price > 0);
ALTER TABLE "user_purchase" ADD CONSTRAINT "user_purchase_quantity_check" CHECK (quantity >= 0);
ALTER TABLE "live_order_item" ADD CONSTRAINT "live_order_item_quantity_check" CHECK (quantity > 0);

DROP FUNCTION livecart_commit_flash_group(INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, TEXT, JSON, INTEGER, INTEGER, JSONB);

-- Writes a group of orders of one SKU — flash (p_flash_sku_id set) or regular (null) — in the
-- calling statement's transaction, on the database's clock: the rules (sale window, shelf, room
-- live), the per-user purchases with their limit, the orders, items, outbox events and
-- addresses, then the stock, last. A refusal raises and leaves nothing behind. Rows are locked in the order every writer uses: user_purchase and address by
-- ascending user, the stock row last. A refusal's message is 'livecart:<REASON>'. Returns the orders and the gate generation the flash
-- SKU's row had when its stock was taken.
--
-- p_orders: [{sn, uid, qty, st, tc, tr, ik, rh, addr: {name, phone, region, detail}}, ...]
CREATE FUNCTION livecart_commit_orders(
    p_flash_sku_id INTEGER,
    p_limit INTEGER,
    p_live_id INTEGER,
    p_shop_id INTEGER,
    p_sku_id INTEGER,
    p_spu_id INTEGER,
    p_title TEXT,
    p_specs JSON,
    p_unit_price INTEGER,
    p_pay_window_seconds INTEGER,
    p_orders JSONB
) RETURNS TABLE (order_id INTEGER, order_sn TEXT, created_at TIMESTAMP(3), pay_deadline TIMESTAMP(3), gate_gen INTEGER)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_now TIMESTAMP(3) := (now() AT TIME ZONE 'UTC')::TIMESTAMP(3);
    v_users INTEGER;
    v_within INTEGER;
    v_total INTEGER;
    v_pin INTEGER;
    v_gen INTEGER;
    v_ids INTEGER[];
    v_sns TEXT[];
    r RECORD;
BEGIN
    -- The rules, from the database's own rows: caches in front of it may be stale.
    IF p_flash_sku_id IS NOT NULL THEN
        SELECT s.status::TEXT AS sale, s.starts_at, s.ends_at, s.live_id, rg.on_shelf, l.status::TEXT AS room, g.status::TEXT AS goods
        INTO r
        FROM flash_sku fs
        JOIN flash_sale s ON s.id = fs.flash_sale_id
        JOIN live_room_goods rg ON rg.id = s.room_goods_id
        JOIN live_session l ON l.id = s.live_id
        JOIN goods g ON g.id = rg.spu_id
        WHERE fs.id = p_flash_sku_id AND fs.sku_id = p_sku_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'livecart:NOT_ON_SALE' USING ERRCODE = 'P0001';
        END IF;
        IF r.live_id <> p_live_id THEN
            RAISE EXCEPTION 'livecart:NOT_ON_SALE' USING ERRCODE = 'P0001';
        END IF;
        IF r.room <> 'LIVE' THEN
            RAISE EXCEPTION 'livecart:ROOM_NOT_LIVE' USING ERRCODE = 'P0001';
        END IF;
        IF r.sale IN ('ENDED', 'CANCELLED') OR v_now >= r.ends_at THEN
            RAISE EXCEPTION 'livecart:SALE_ENDED' USING ERRCODE = 'P0001';
        END IF;
        IF r.sale <> 'ACTIVE' OR v_now < r.starts_at THEN
            RAISE EXCEPTION 'livecart:SALE_NOT_STARTED' USING ERRCODE = 'P0001';
        END IF;
        IF NOT r.on_shelf OR r.goods <> 'ACTIVE' THEN
            RAISE EXCEPTION 'livecart:NOT_ON_SALE' USING ERRCODE = 'P0001';
        END IF;
    ELSE
        SELECT rg.on_shelf, l.status::TEXT AS room, g.status::TEXT AS goods
        INTO r
        FROM live_room_goods rg
        JOIN live_session l ON l.id = rg.live_id
        JOIN goods g ON g.id = rg.spu_id
        WHERE rg.live_id = p_live_id AND rg.spu_id = p_spu_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'livecart:NOT_ON_SALE' USING ERRCODE = 'P0001';
        END IF;
        IF NOT r.on_shelf OR r.goods <> 'ACTIVE' OR r.room NOT IN ('SCHEDULED', 'LIVE') THEN
            RAISE EXCEPTION 'livecart:NOT_ON_SALE' USING ERRCODE = 'P0001';
        END IF;
    END IF;

    SELECT count(DISTINCT g.uid), sum(g.qty) INTO v_users, v_total FROM jsonb_to_recordset(p_orders) AS g(uid INTEGER, qty INTEGER);

    -- The per-user limit of a flash SKU, per buyer of the group.
    IF p_flash_sku_id IS NOT NULL THEN
        INSERT INTO user_purchase (user_id, flash_sku_id, quantity, updated_at)
        SELECT g.uid, p_flash_sku_id, sum(g.qty), now() FROM jsonb_to_recordset(p_orders) AS g(uid INTEGER, qty INTEGER)
        GROUP BY g.uid HAVING sum(g.qty) <= p_limit ORDER BY g.uid
        ON CONFLICT (user_id, flash_sku_id) DO UPDATE SET quantity = user_purchase.quantity + EXCLUDED.quantity, updated_at = now()
        WHERE user_purchase.quantity + EXCLUDED.quantity <= p_limit;
        GET DIAGNOSTICS v_within = ROW_COUNT;
        IF v_within <> v_users THEN
            RAISE EXCEPTION 'livecart:LIMIT_REACHED' USING ERRCODE = 'P0001';
        END IF;
    END IF;

    SELECT id INTO v_pin FROM live_pin_segment WHERE live_id = p_live_id AND ended_at IS NULL LIMIT 1;

    WITH g AS (
        SELECT * FROM jsonb_to_recordset(p_orders) AS t(sn TEXT, uid INTEGER, qty INTEGER, st TEXT, tc TEXT, tr TEXT, ik TEXT, rh TEXT, addr JSONB)
    ), ins AS (
        INSERT INTO live_order (order_sn, user_id, shop_id, live_id, status, source_channel, source_type, tracking_code, trace_id,
                                pin_segment_id, total_amount, idempotency_key, request_hash, address, pay_deadline, created_at, updated_at)
        SELECT g.sn, g.uid, p_shop_id, p_live_id, 'PENDING_PAYMENT', 'live', g.st, g.tc, g.tr,
               v_pin, g.qty * p_unit_price, g.ik, g.rh, g.addr, v_now + make_interval(secs => p_pay_window_seconds), v_now, v_now
        FROM g
        RETURNING id, live_order.order_sn, user_id
    ), items AS (
        INSERT INTO live_order_item (order_id, sku_id, spu_id, flash_sku_id, title, specs, unit_price, quantity, amount)
        SELECT ins.id, p_sku_id, p_spu_id, p_flash_sku_id, p_title, p_specs, p_unit_price, g.qty, g.qty * p_unit_price
        FROM ins JOIN g ON g.sn = ins.order_sn
    ), events AS (
        INSERT INTO outbox_event (type, aggregate_id, live_id, payload)
        SELECT 'OrderCreatedEvent', ins.order_sn, p_live_id, jsonb_build_object(
            'order_sn', ins.order_sn,
            'live_id', p_live_id,
            'user_id', ins.user_id,
            'order_time', to_char(v_now, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'pin_segment_id', v_pin,
            'goods_items', jsonb_build_array(jsonb_build_object('sku_id', p_sku_id, 'spu_id', p_spu_id, 'quantity', g.qty, 'amount', g.qty * p_unit_price)))
        FROM ins JOIN g ON g.sn = ins.order_sn
    )
    SELECT array_agg(ins.id), array_agg(ins.order_sn) INTO v_ids, v_sns FROM ins;

    -- The last address each buyer used, remembered for next time.
    INSERT INTO address (user_id, name, phone, region, detail, updated_at)
    SELECT DISTINCT ON ((e.o->>'uid')::INTEGER) (e.o->>'uid')::INTEGER, e.o->'addr'->>'name', e.o->'addr'->>'phone', e.o->'addr'->>'region', e.o->'addr'->>'detail', v_now
    FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS e(o, ord)
    ORDER BY (e.o->>'uid')::INTEGER, e.ord DESC
    ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, phone = EXCLUDED.phone, region = EXCLUDED.region, detail = EXCLUDED.detail, updated_at = EXCLUDED.updated_at;

    -- The stock, last: the one row every buyer of the SKU contends for.
    IF p_flash_sku_id IS NOT NULL THEN
        UPDATE flash_sku SET sold = sold + v_total, updated_at = now() WHERE id = p_flash_sku_id AND sold + v_total <= flash_stock
        RETURNING flash_sku.gate_gen INTO v_gen;
    ELSE
        UPDATE goods_sku SET stock = stock - v_total, updated_at = now() WHERE id = p_sku_id AND stock >= v_total;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'livecart:SOLD_OUT' USING ERRCODE = 'P0001';
    END IF;

    RETURN QUERY SELECT u.id, u.sn, v_now, v_now + make_interval(secs => p_pay_window_seconds), v_gen FROM unnest(v_ids, v_sns) AS u(id, sn);
END
$$;
