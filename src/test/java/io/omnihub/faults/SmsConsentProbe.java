package io.omnihub.faults;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Customers who wrote in by SMS, in three groups: {@code before} withdraws SMS SERVICE consent before the fault,
 * {@code during} while it lasts, {@code control} keeps it. Operators reply to their SMS requests, to a withdrawn
 * customer only once the withdrawal was acknowledged. None of the withdrawn customers' replies may reach
 * {@code omnihub.replies.sms}; the control group's must (or the check would prove nothing).
 */
final class SmsConsentProbe {

    static final List<String> GROUPS = List.of("before", "during", "control");

    /** One customer: its group, profile and SMS request. */
    private record Customer(String group, String customerId, String requestId) {
    }

    private final URI hub;
    private final String operator;
    private final List<Customer> customers = new ArrayList<>();
    private final Set<Customer> withdrawn = new HashSet<>();
    private final List<Answer> withdrawals = new ArrayList<>();
    private final Map<String, String> replyGroups = new LinkedHashMap<>();
    private final Set<String> controlRoutedToSms = new HashSet<>();
    private final List<Answer> replies = new ArrayList<>();
    private int withdrawnRoutedToSmsByApi;

    private SmsConsentProbe(URI hub, String operator) {
        this.hub = hub;
        this.operator = operator;
    }

    /** The customers write in by SMS; a routing preview for each warms the policy cache. */
    static SmsConsentProbe create(FaultLab lab, URI hub, String operator, int perGroup) throws SQLException {
        SmsConsentProbe probe = new SmsConsentProbe(hub, operator);
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (String group : GROUPS) {
            for (int i = 0; i < perGroup; i++) {
                String sid = "SMfaults" + run + group + i;
                Answer answer = HubCalls.send(HubCalls.sms(hub, Secrets.SMS_ACCOUNT, lab.secrets.smsToken(), sid,
                        IntakeTraffic.newPhone(), "Hello, where is my parcel?"));
                if (!answer.ok()) {
                    throw new IllegalStateException("Setting up: the SMS webhook answered " + answer.kind());
                }
                groupOf.put(sid, group);
            }
        }
        lab.store.receipts("sms", groupOf.keySet()).forEach((sid, ids) -> probe.customers
                .add(new Customer(groupOf.get(sid), ids[1], ids[0])));
        probe.customers.forEach(c -> HubCalls.send(HubCalls.preview(hub, operator, c.requestId())));
        return probe;
    }

    /**
     * Withdraws SMS SERVICE consent for the group's customers not withdrawn yet, one after the other (as operators
     * would: a burst of concurrent calls would measure the burst, not the fault).
     */
    List<Answer> withdraw(String group) {
        List<Customer> pending = customers.stream().filter(c -> c.group().equals(group) && !withdrawn.contains(c))
                .toList();
        List<Answer> answers = pending.stream()
                .map(c -> HubCalls.send(HubCalls.consent(hub, operator, c.customerId(), "sms", "WITHDRAW"))).toList();
        for (int i = 0; i < pending.size(); i++) {
            if (answers.get(i).ok()) {
                withdrawn.add(pending.get(i));
            }
        }
        withdrawals.addAll(answers);
        return answers;
    }

    /** One reply to each control customer and to each customer whose withdrawal was acknowledged, one after another. */
    List<Answer> reply(String round) {
        List<Customer> targets = customers.stream().filter(c -> c.group().equals("control") || withdrawn.contains(c))
                .toList();
        List<Answer> answers = targets.stream()
                .map(c -> HubCalls.send(HubCalls.reply(hub, operator, c.requestId(), "Reply " + round))).toList();
        for (int i = 0; i < targets.size(); i++) {
            Answer answer = answers.get(i);
            if (answer.ok()) {
                replyGroups.put(answer.field("messageId"), targets.get(i).group());
                boolean toSms = "sms".equals(answer.field("channel"));
                if (targets.get(i).group().equals("control") && toSms) {
                    controlRoutedToSms.add(answer.field("messageId"));
                } else if (toSms) {
                    withdrawnRoutedToSmsByApi++;
                }
            }
        }
        replies.addAll(answers);
        return answers;
    }

    /** Waits until the relay has handled every reply (published, held or dead), then a little longer. */
    void awaitRelayed(FaultLab lab, Duration timeout) throws SQLException {
        long until = System.nanoTime() + timeout.toNanos();
        while (lab.store.unrelayed(replyGroups.keySet()) > 0 && System.nanoTime() < until) {
            Signals.sleep(250);
        }
        Signals.sleep(2000);
    }

    /** Reply ids of a group found on {@code omnihub.replies.sms}. */
    List<String> publishedOnSms(KafkaTap tap, String group) {
        Set<String> onSms = tap.ids("omnihub.replies.sms");
        return replyGroups.entrySet().stream().filter(e -> e.getValue().equals(group) && onSms.contains(e.getKey()))
                .map(Map.Entry::getKey).toList();
    }

    /** Control replies the API routed to SMS: each must be on {@code omnihub.replies.sms}. */
    Set<String> controlRoutedToSms() {
        return controlRoutedToSms;
    }

    long replies(String group) {
        return replyGroups.values().stream().filter(group::equals).count();
    }

    long withdrawn(String group) {
        return withdrawn.stream().filter(c -> c.group().equals(group)).count();
    }

    Map<String, Object> figures(KafkaTap tap) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customersPerGroup", customers.size() / GROUPS.size());
        m.put("withdrawalCalls", Figures.summary(withdrawals.stream().map(SmsConsentProbe::outcome).toList()));
        m.put("replyCalls", Figures.summary(replies.stream().map(SmsConsentProbe::outcome).toList()));
        m.put("withdrawnRepliesRoutedToSmsByTheApi", withdrawnRoutedToSmsByApi);
        for (String group : GROUPS) {
            m.put(group, Figures.ordered("withdrawn", withdrawn(group), "replies", replies(group), "publishedOnSms",
                    publishedOnSms(tap, group).size()));
        }
        return m;
    }

    static Outcome outcome(Answer answer) {
        return Outcome.single(0, "", answer);
    }
}
