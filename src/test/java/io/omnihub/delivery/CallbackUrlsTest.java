package io.omnihub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.omnihub.platform.ProblemException;

/** Server-side request forgery through callback URLs is refused, after resolving the host. */
class CallbackUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/hook", "http://localhost:8080/hook", "http://[::1]/hook", "http://10.0.0.5/hook",
            "http://172.16.3.4/hook", "http://192.168.1.1/hook", "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/hook", "http://0.0.0.0/hook", "http://[fd00::1]/hook", "http://[fe80::1]/hook",
            "http://[::ffff:127.0.0.1]/hook", "http://[::ffff:10.1.2.3]/hook", "http://224.0.0.1/hook",
            "http://2130706433/hook", "http://0x7f000001/hook" })
    void privateLoopbackAndLinkLocalTargetsAreRefused(String url) {
        assertThatThrownBy(() -> CallbackUrls.check(url, false)).isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://93.184.216.34/x", "file:///etc/passwd", "gopher://93.184.216.34/", "not a url",
            "http:///nohost" })
    void onlyHttpUrlsWithAHostAreAccepted(String url) {
        assertThatThrownBy(() -> CallbackUrls.check(url, false)).isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://93.184.216.34/bot/hook", "http://8.8.8.8:8443/x", "https://[2606:4700::1]/x" })
    void publicAddressesAreAccepted(String url) {
        assertThat(CallbackUrls.check(url, false).getHost()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:9999/hook" })
    void anExplicitSettingAllowsPrivateTargetsForLocalTesting(String url) {
        assertThat(CallbackUrls.check(url, true).getPort()).isEqualTo(9999);
    }
}
