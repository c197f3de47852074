package dev.mainstay.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mainstay.agent.internal.MethodTool;
import dev.mainstay.agent.internal.Specifications;

/** What a tool name the model may call stands for: a method, another agent used as a tool, or a handoff. */
sealed interface Binding {

    String name();

    String description();

    ObjectNode schema();

    default ToolSpecification specification() {
        return Specifications.of(name(), description(), schema());
    }

    record Method(MethodTool tool) implements Binding {
        public String name() {
            return tool.name();
        }

        public String description() {
            return tool.description();
        }

        public ObjectNode schema() {
            return tool.schema();
        }
    }

    /** Another agent as a tool: it runs to its answer on {@code input} and its text is the result. */
    record SubAgent(Agent agent) implements Binding {
        public String name() {
            return agent.name();
        }

        public String description() {
            return agent.description();
        }

        public ObjectNode schema() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
            schema.putObject("properties").putObject("input").put("type", "string")
                    .put("description", "the request for " + agent.name());
            schema.putArray("required").add("input");
            schema.put("additionalProperties", false);
            return schema;
        }
    }

    /** Transfers the conversation to another agent, which answers from then on. */
    record Handoff(Agent target, boolean withHistory) implements Binding {
        public String name() {
            return "transfer_to_" + target.name();
        }

        public String description() {
            return "Hand the conversation over to " + target.name() + ": " + target.description();
        }

        public ObjectNode schema() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
            schema.putObject("properties").putObject("reason").put("type", "string")
                    .put("description", "why the conversation is handed over");
            schema.putArray("required");
            schema.put("additionalProperties", false);
            return schema;
        }
    }
}
