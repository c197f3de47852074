/**
 * A Spring Boot application served by mainstay-spring-boot-starter: {@link dev.mainstay.examples.spring.OrdersApplication},
 * the workflow bean {@link dev.mainstay.examples.spring.FulfilmentWorkflows} and
 * {@link dev.mainstay.examples.spring.OrderDesk}, which starts its runs.
 */
package dev.mainstay.examples.spring;
