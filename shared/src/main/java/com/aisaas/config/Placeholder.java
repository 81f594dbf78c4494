package com.aisaas.config; public final class Placeholder {}
