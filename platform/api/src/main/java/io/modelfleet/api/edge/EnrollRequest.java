package io.modelfleet.api.edge;

import static io.modelfleet.api.Validation.required;

/** What an agent sends to enroll: the token secret, an optional preferred name and its device info. */
public record EnrollRequest(String token, String name, DeviceInfo device) {
    public EnrollRequest {
        required("token", token, 128);
        if (name != null) {
            io.modelfleet.api.Validation.name("name", name, EdgeUpdate.MAX_NAME);
        }
        device = device == null ? DeviceInfo.UNKNOWN : device;
    }
}
