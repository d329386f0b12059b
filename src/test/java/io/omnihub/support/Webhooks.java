package io.omnihub.support;

import static io.restassured.RestAssured.given;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.omnihub.platform.Signatures;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** Plays a bot platform and an SMS gateway: signs and posts webhooks exactly as they would. */
public final class Webhooks {

    public static final String BOT = "test-bot";
    public static final String BOT_SECRET = "test-bot-secret-current";
    public static final String SMS_ACCOUNT = "ACtest";
    public static final String SMS_TOKEN = "test-sms-auth-token";

    private Webhooks() {
    }

    public static Response chatbot(String body) {
        return chatbot(body, Instant.now().getEpochSecond(), BOT_SECRET);
    }

    public static Response chatbot(String body, long timestamp, String secret) {
        String ts = Long.toString(timestamp);
        return chatbotSigned(body, ts, Signatures.chatbot(secret, ts, body.getBytes(StandardCharsets.UTF_8)));
    }

    public static Response chatbotSigned(String body, String timestamp, String signature) {
        return chatbotSigned(BOT, body, timestamp, signature);
    }

    /** A webhook from another bot, signed with its secret now. */
    public static Response chatbotFor(String bot, String secret, String body) {
        return chatbotAt(bot, secret, body, Instant.now());
    }

    /** Signed at {@code at}: for tests that moved the application's clock. */
    public static Response chatbotAt(String bot, String secret, String body, Instant at) {
        String ts = Long.toString(at.getEpochSecond());
        return chatbotSigned(bot, body, ts, Signatures.chatbot(secret, ts, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Response chatbotSigned(String bot, String body, String timestamp, String signature) {
        var request = given().contentType("application/json").header("X-Omnihub-Timestamp", timestamp);
        if (signature != null) {
            request.header("X-Omnihub-Signature", signature);
        }
        return request.body(body.getBytes(StandardCharsets.UTF_8)).post("/webhooks/chatbot/" + bot);
    }

    public static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.strip().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    public static String sign(String path, Map<String, String> params) {
        return sign(SMS_TOKEN, path, params);
    }

    /** An SMS webhook of another account, signed with its auth token. */
    public static Response smsFor(String token, String path, Map<String, String> params) {
        return smsSigned(path, params, sign(token, path, params));
    }

    private static String sign(String token, String path, Map<String, String> params) {
        return Signatures.twilio(token, url(path),
                params.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
    }

    public static Response sms(String path, Map<String, String> params) {
        return smsSigned(path, params, sign(path, params));
    }

    public static Response smsSigned(String path, Map<String, String> params, String signature) {
        String body = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = given().contentType("application/x-www-form-urlencoded; charset=UTF-8");
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return request.body(body).post(path);
    }

    private static String url(String path) {
        return RestAssured.baseURI + ":" + RestAssured.port + path;
    }
}
