package com.aisaas.devhost.host.testapp;

/** A POJO bound from and written as JSON. */
public class Item {
    public String name;
    public int quantity;

    public Item() {
    }

    public Item(String name, int quantity) {
        this.name = name;
        this.quantity = quantity;
    }
}
