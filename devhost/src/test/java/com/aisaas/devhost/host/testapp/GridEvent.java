package com.aisaas.devhost.host.testapp;

/** A storage event as a POJO (Gson), for either schema: Event Grid ({@code eventType}) or CloudEvents ({@code type}). */
public class GridEvent {
    public String id;
    public String eventType;
    public String type;
    public String subject;
    public String specversion;
    public Data data;

    /** The parts of {@code data} the tests look at. */
    public static class Data {
        public String api;
        public String url;
        public String eTag;
        public long contentLength;
    }
}
