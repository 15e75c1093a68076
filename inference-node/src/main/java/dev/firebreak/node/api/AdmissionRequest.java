package dev.firebreak.node.api;

/** Body of {@code POST /control/admission}: opens or closes one model to new requests. */
public record AdmissionRequest(String model, Boolean open) {
}
