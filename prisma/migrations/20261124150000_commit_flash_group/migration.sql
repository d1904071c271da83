-- One round trip for a group of accepted orders of one flash SKU (DESIGN.md §4 step 3):
-- server/modules/orders/order-commit.ts calls it instead of ten statements in an interactive
-- transaction. It runs in the calling statement's transaction, so a refusal (RAISE) leaves
-- nothing behind. Rows are locked in the order every writer uses: user_purchase and address by
-- ascending user, the flash SKU's row last.
--
-- p_orders: [{sn, uid, qty, st, tc, tr, ik, rh, addr: {name, phone, region, detail}}, ...]
CREATE FUNCTION livecart_commit_flash_group(
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
) RETURNS TABLE (order_id INTEGER, order_sn TEXT, created_at TIMESTAMP(3), pay_deadline TIMESTAMP(3))
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_now TIMESTAMP(3) := (now() AT TIME ZONE 'UTC')::TIMESTAMP(3);
    v_users INTEGER;
    v_within INTEGER;
    v_total INTEGER;
    v_pin INTEGER;
    v_ids INTEGER[];
    v_sns TEXT[];
BEGIN
    SELECT count(DISTINCT g.uid), sum(g.qty) INTO v_users, v_total FROM jsonb_to_recordset(p_orders) AS g(uid INTEGER, qty INTEGER);

    -- The per-user limit, per buyer of the group.
    INSERT INTO user_purchase (user_id, flash_sku_id, quantity, updated_at)
    SELECT g.uid, p_flash_sku_id, sum(g.qty), now() FROM jsonb_to_recordset(p_orders) AS g(uid INTEGER, qty INTEGER)
    GROUP BY g.uid HAVING sum(g.qty) <= p_limit ORDER BY g.uid
    ON CONFLICT (user_id, flash_sku_id) DO UPDATE SET quantity = user_purchase.quantity + EXCLUDED.quantity, updated_at = now()
    WHERE user_purchase.quantity + EXCLUDED.quantity <= p_limit;
    GET DIAGNOSTICS v_within = ROW_COUNT;
    IF v_within <> v_users THEN
        RAISE EXCEPTION 'livecart: purchase limit' USING ERRCODE = 'P0001', HINT = 'LIMIT_REACHED';
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
    UPDATE flash_sku SET sold = sold + v_total, updated_at = now() WHERE id = p_flash_sku_id AND sold + v_total <= flash_stock;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'livecart: sold out' USING ERRCODE = 'P0001', HINT = 'SOLD_OUT';
    END IF;

    RETURN QUERY SELECT u.id, u.sn, v_now, v_now + make_interval(secs => p_pay_window_seconds) FROM unnest(v_ids, v_sns) AS u(id, sn);
END
$$;
