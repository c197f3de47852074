package dev.mainstay.gateway;

import java.security.KeyStore;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS on the gateway's port: the runtime's key and chain in {@code keys} (under
 * {@code password}), and with {@code clientAuthorities} (null: none) a client certificate signed
 * by one of them is required before any request is read (mutual TLS). TLS 1.2 and 1.3 only, with
 * Jetty's default cipher exclusions. Plain HTTP sent to this port gets no HTTP answer: the
 * handshake fails and the connection closes.
 */
public record HttpTls(KeyStore keys, char[] password, KeyStore clientAuthorities) {
    /** The one connector of the gateway, on {@code host:port}, speaking HTTP/1.1 inside TLS. */
    Connector connector(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keys);
        ssl.setKeyStorePassword(new String(password));
        ssl.setIncludeProtocols(dev.mainstay.protocol.PemFiles.PROTOCOLS.toArray(new String[0]));
        if (clientAuthorities != null) {
            ssl.setTrustStore(clientAuthorities);
            ssl.setNeedClientAuth(true);
        }
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // the Host header is checked against the allowed names by BrowserGuards; a certificate for
        // several names (or an IP) must not turn a right Host into a 400 here
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    @Override
    public String toString() {
        return "HttpTls[mutual=" + (clientAuthorities != null) + "]";
    }
}
