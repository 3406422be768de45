package org.cityos.marketplace.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.cityos.marketplace.payout.PayoutInstruction;
import org.cityos.marketplace.payout.PayoutProvider;
import org.cityos.marketplace.payout.PayoutResult;
import org.cityos.marketplace.payout.PayoutStatus;

/**
 * For tests (the host's and the library's own): a {@link PayoutProvider} whose answers are
 * scripted call by call, paying when nothing is scripted. Like a real provider it remembers
 * idempotency keys: a key already paid or failed gets its first answer again and moves no money,
 * so {@link #payments()} is the money that left and {@link #calls()} every request. Thread-safe.
 *
 * <pre>{@code
 * ScriptedPayoutProvider provider = new ScriptedPayoutProvider().thenUnreachable(1).then(PayoutResult.failed("closed"));
 * }</pre>
 */
public final class ScriptedPayoutProvider implements PayoutProvider {
    private final Deque<Function<PayoutInstruction, PayoutResult>> script = new ArrayDeque<>();
    private final List<PayoutInstruction> calls = new ArrayList<>();
    private final List<PayoutInstruction> payments = new ArrayList<>();
    private final Map<String, PayoutResult> byKey = new HashMap<>();

    /** Scripts the answers of the next new (not replayed) requests, in order. */
    public synchronized ScriptedPayoutProvider then(PayoutResult... results) {
        for (PayoutResult r : results) {
            script.add(i -> r);
        }
        return this;
    }

    /** Scripts the next new request to be answered by {@code answer}, which may throw. */
    public synchronized ScriptedPayoutProvider thenAnswer(Function<PayoutInstruction, PayoutResult> answer) {
        script.add(answer);
        return this;
    }

    /**
     * Scripts {@code n} requests that throw, as a provider that cannot be reached: the payouts stay
     * {@code processing} and are asked again, under the same key, on the next run.
     */
    public synchronized ScriptedPayoutProvider thenUnreachable(int n) {
        for (int i = 0; i < n; i++) {
            script.add(instruction -> {
                throw new IllegalStateException("payout provider unreachable (scripted) for " + instruction.idempotencyKey());
            });
        }
        return this;
    }

    @Override
    public PayoutResult pay(PayoutInstruction instruction) {
        Function<PayoutInstruction, PayoutResult> answer;
        synchronized (this) {
            calls.add(instruction);
            PayoutResult first = byKey.get(instruction.idempotencyKey());
            if (first != null) {
                return first;
            }
            answer = script.poll();
        }
        PayoutResult result = answer == null
                ? PayoutResult.paid("scripted:" + instruction.idempotencyKey())
                : answer.apply(instruction);
        synchronized (this) {
            if (result.status() != PayoutStatus.PENDING && byKey.putIfAbsent(instruction.idempotencyKey(), result) == null
                    && result.status() == PayoutStatus.PAID) {
                payments.add(instruction);
            }
            return byKey.getOrDefault(instruction.idempotencyKey(), result);
        }
    }

    /** Every request received, replays included, in order. */
    public synchronized List<PayoutInstruction> calls() {
        return List.copyOf(calls);
    }

    /** The requests that moved money (the first {@code paid} answer of each key), in order. */
    public synchronized List<PayoutInstruction> payments() {
        return List.copyOf(payments);
    }

    /** The total paid out, in minor units. */
    public synchronized long paidTotal() {
        return payments.stream().mapToLong(PayoutInstruction::amount).sum();
    }

    /** Scripted answers not yet used. */
    public synchronized int scriptedLeft() {
        return script.size();
    }
}
