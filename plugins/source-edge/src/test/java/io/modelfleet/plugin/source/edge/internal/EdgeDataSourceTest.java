package io.modelfleet.plugin.source.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.InvalidInputException;

class EdgeDataSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSingleTensorFillsColumnsByPositionAndNamedScalarsByName() throws Exception {
        assertEquals(Map.of("a", "0.5", "b", "1.5", "c", "2.0"),
                EdgeDataSource.fields("k", JSON.readTree("{\"input\": [[0.5, 1.5, 2.0]]}"), List.of("a", "b", "c")));
        assertEquals(Map.of("width", "3", "height", "4.25"),
                EdgeDataSource.fields("k", JSON.readTree("{\"height\": 4.25, \"width\": 3}"), List.of("width", "height")));
    }

    @Test
    void aShapeThatDoesNotFitTheColumnsIsRefusedNamingTheSample() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EdgeDataSource.fields("edge-7-12", JSON.readTree("{\"input\": [[1, 2]]}"), List.of("a", "b", "c")));
        assertTrue(e.detail().contains("sample edge-7-12 has 2 input values; the dataset has 3 columns"), e.detail());
    }
}
