package dev.mainstay.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prices of models in US dollars per million input and output tokens, to record the cost of each
 * model call. Read from text such as {@code gpt-4o-mini=0.15/0.60,gpt-4o=2.50/10.00}
 * ({@link #parse}), by default from {@code MAINSTAY_MODEL_PRICES}. A model that is not listed
 * costs 0; the token counts are recorded either way.
 */
public record PriceTable(Map<String, Price> prices) {

    /** Dollars per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {
        public Price {
            if (inputPerMillion < 0 || outputPerMillion < 0) {
                throw new IllegalArgumentException("a price must not be negative");
            }
        }
    }

    public PriceTable {
        prices = Map.copyOf(prices);
    }

    public static PriceTable empty() {
        return new PriceTable(Map.of());
    }

    /** {@code MAINSTAY_MODEL_PRICES}, or an empty table. */
    public static PriceTable fromEnvironment() {
        String text = System.getenv("MAINSTAY_MODEL_PRICES");
        return text == null || text.isBlank() ? empty() : parse(text);
    }

    /** Parses {@code model=input/output[,model=input/output...]}; a malformed entry is refused, naming it. */
    public static PriceTable parse(String text) {
        Map<String, Price> prices = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.lastIndexOf('=');
            String[] pair = eq < 0 ? new String[0] : trimmed.substring(eq + 1).split("/");
            if (eq <= 0 || pair.length != 2) {
                throw new IllegalArgumentException("price entry '" + trimmed
                        + "' is malformed; write model=inputPerMillion/outputPerMillion, e.g. gpt-4o-mini=0.15/0.60");
            }
            try {
                prices.put(trimmed.substring(0, eq).trim(),
                        new Price(Double.parseDouble(pair[0].trim()), Double.parseDouble(pair[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("price entry '" + trimmed + "' has a price that is not a number");
            }
        }
        return new PriceTable(prices);
    }

    public PriceTable with(String model, double inputPerMillion, double outputPerMillion) {
        Map<String, Price> copy = new LinkedHashMap<>(prices);
        copy.put(model, new Price(inputPerMillion, outputPerMillion));
        return new PriceTable(copy);
    }

    public Optional<Price> price(String model) {
        return Optional.ofNullable(model == null ? null : prices.get(model));
    }

    /** The cost of one call in dollars, 0 for a model without a price. */
    public double cost(String model, long inputTokens, long outputTokens) {
        return price(model).map(p -> (inputTokens * p.inputPerMillion() + outputTokens * p.outputPerMillion()) / 1_000_000)
                .orElse(0.0);
    }
}
