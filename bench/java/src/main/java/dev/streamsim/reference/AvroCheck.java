package dev.streamsim.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Apache Avro's side of streamsim's Avro round trip (issue 9). Reads JSON lines {"schema": Avro schema text,
 * "framed": base64 of Confluent-framed bytes streamsim wrote (magic 0, 4-byte id, Avro binary)} and answers each with
 * {"id": the id, "json": Avro's GenericData text of the decoded value, "framed": base64 of the same id and Java's own
 * encoding of that value}: Java reads what streamsim wrote, and streamsim reads what Java writes.
 */
public final class AvroCheck {
  private AvroCheck() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) continue;
      JsonNode request = json.readTree(line);
      Schema schema = new Schema.Parser().parse(request.get("schema").asText());
      byte[] framed = Base64.getDecoder().decode(request.get("framed").asText());
      ByteBuffer header = ByteBuffer.wrap(framed, 0, 5);
      if (header.get() != 0) throw new IllegalArgumentException("not Confluent-framed: the magic byte is not 0");
      int id = header.getInt();
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null);
      Object value = new GenericDatumReader<Object>(schema).read(null, decoder);
      if (!decoder.isEnd()) throw new IllegalArgumentException("bytes left after the value");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(0);
      bytes.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      new GenericDatumWriter<Object>(schema).write(value, encoder);
      encoder.flush();
      ObjectNode answer = json.createObjectNode();
      answer.put("id", id);
      answer.put("json", GenericData.get().toString(value));
      answer.put("framed", Base64.getEncoder().encodeToString(bytes.toByteArray()));
      out.println(json.writeValueAsString(answer));
    }
  }
}
