package dev.kcis.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode, paging list answers as the real API server does. The
 * CRUD dispatcher answers every list in full and ignores {@code limit}; this one cuts the answer
 * to {@code limit} items and hands out a {@code continue} token for the rest.
 */
final class PagingCrudServer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PagingCrudServer() {}

  /** A started CRUD mock server that pages lists; {@code destroy()} it after use. */
  static KubernetesMockServer start() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
        responses, new Paging(new KubernetesMixedDispatcher(responses)), false);
    server.init();
    return server;
  }

  /** Pages the answers of another dispatcher; the continue token is the next item's index. */
  private static final class Paging extends Dispatcher {
    private final Dispatcher crud;

    Paging(Dispatcher crud) {
      this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      int query = path.indexOf('?');
      if (!request.getMethod().equals("GET") || query < 0) {
        return crud.dispatch(request);
      }
      Map<String, String> params = new HashMap<>();
      List<String> rest = new ArrayList<>();
      for (String param : path.substring(query + 1).split("&")) {
        String[] kv = param.split("=", 2);
        if (kv[0].equals("limit") || kv[0].equals("continue")) {
          params.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        } else {
          rest.add(param);
        }
      }
      if (!params.containsKey("limit")) {
        return crud.dispatch(request);
      }
      String unpaged = path.substring(0, query)
          + (rest.isEmpty() ? "" : "?" + String.join("&", rest));
      MockResponse full = crud.dispatch(new RecordedRequest(request.getHttpVersion(),
          request.method(), unpaged, request.getHeaders(), request.getBody()));
      try {
        ObjectNode list = (ObjectNode) JSON.readTree(full.getBody().readUtf8());
        ArrayNode items = (ArrayNode) list.get("items");
        int from = Integer.parseInt(params.getOrDefault("continue", "0"));
        int to = Math.min(items.size(), from + Integer.parseInt(params.get("limit")));
        ArrayNode page = JSON.createArrayNode();
        for (int i = from; i < to; i++) {
          page.add(items.get(i));
        }
        list.set("items", page);
        ObjectNode metadata = list.with("metadata");
        if (to < items.size()) {
          metadata.put("continue", String.valueOf(to));
        }
        return new MockResponse().setResponseCode(full.code())
            .setBody(JSON.writeValueAsString(list));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
